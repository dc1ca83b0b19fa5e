// `/activities`: a month calendar and a list of the same month's activities (?month=2013-11 keeps the month in the
// URL), planned ones without a date below the list, and the link to subscribe to the iCalendar feed.
import { Anchor, Button, Group, NativeSelect, SegmentedControl, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { ConfidentialBadge } from '../../components/ConfidentialBadge';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText, StatusBadge } from '../../components/text';
import { api, type Page } from '../../lib/api';
import { today } from '../../lib/dates';
import { FeedLink } from './FeedLink';
import { addMonths, monthBounds } from './month';
import { MonthCalendar } from './MonthCalendar';
import { ACTIVITY_KINDS, ACTIVITY_STATUSES, type ActivityDetail } from './types';

export default function ActivitiesPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : today().slice(0, 7);
  const view = params.get('view') === 'list' ? 'list' : 'calendar';
  const filters = { status: params.get('status') ?? undefined, kind: params.get('kind') ?? undefined, leadTeam: params.get('leadTeam') ?? undefined };
  const set = (name: string, value: string) =>
    setParams((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      return p;
    });
  const dated = useQuery({
    queryKey: ['activities', 'list', month, filters],
    queryFn: () => api.get<Page<ActivityDetail>>('/activities', { ...monthBounds(month), ...filters, limit: 500 }),
  });
  // Planned activities have no date yet, so no month filter finds them: they are listed apart.
  const planned = useQuery({
    queryKey: ['activities', 'list', 'planned', filters.leadTeam],
    queryFn: () => api.get<Page<ActivityDetail>>('/activities', { status: 'planned', leadTeam: filters.leadTeam, limit: 100 }),
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('activity.listTitle')}</Title>
        {canWrite && (
          <Button component={Link} to="/activities/new">
            {t('activity.create')}
          </Button>
        )}
      </Group>
      <FeedLink />
      <Group align="flex-end" gap="sm" role="search" aria-label={t('common.filter')}>
        <Group gap={4} align="flex-end">
          <Button variant="default" size="sm" onClick={() => set('month', addMonths(month, -1))} aria-label={t('activity.prevMonth')}>
            ‹
          </Button>
          <TextInput label={t('activity.month')} type="month" value={month} onChange={(e) => set('month', e.currentTarget.value)} />
          <Button variant="default" size="sm" onClick={() => set('month', addMonths(month, 1))} aria-label={t('activity.nextMonth')}>
            ›
          </Button>
        </Group>
        <NativeSelect
          label={t('activity.status')}
          value={filters.status ?? ''}
          onChange={(e) => set('status', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('activity.kind')}
          value={filters.kind ?? ''}
          onChange={(e) => set('kind', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activityKind.${k}`) }))]}
        />
        <TextInput label={t('proposal.leadTeam')} value={filters.leadTeam ?? ''} onChange={(e) => set('leadTeam', e.currentTarget.value)} />
        <SegmentedControl
          aria-label={t('activity.view')}
          value={view}
          onChange={(v) => set('view', v === 'list' ? 'list' : '')}
          data={[
            { value: 'calendar', label: t('activity.calendar') },
            { value: 'list', label: t('activity.list') },
          ]}
        />
      </Group>
      {dated.isPending ? (
        <Loading />
      ) : dated.isError ? (
        <ProblemAlert error={dated.error} />
      ) : view === 'calendar' ? (
        <MonthCalendar month={month} activities={dated.data.items} />
      ) : (
        <ActivityTable items={dated.data.items} />
      )}
      {planned.data && planned.data.items.length > 0 && (
        <>
          <Title order={2} size="h3">
            {t('activity.undated')}
          </Title>
          <ActivityTable items={planned.data.items} />
        </>
      )}
    </Stack>
  );
}

function ActivityTable({ items }: { items: ActivityDetail[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('activity.title')}</Table.Th>
            <Table.Th>{t('activity.kind')}</Table.Th>
            <Table.Th>{t('activity.status')}</Table.Th>
            <Table.Th>{t('activity.startsAt')}</Table.Th>
            <Table.Th>{t('activity.location')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/activities/${a.id}`}>
                    {a.title}
                  </Anchor>
                  <ConfidentialBadge record={a} />
                </Group>
              </Table.Td>
              <Table.Td>{t(`activityKind.${a.kind}`)}</Table.Td>
              <Table.Td>
                <StatusBadge status={a.status} />
              </Table.Td>
              <Table.Td>
                <DateText value={a.startsAt} time />
              </Table.Td>
              <Table.Td>{a.location ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
          {items.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>{t('common.none')}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
