// `/organisations/{id}`: the 360 view from GET /organisations/{id}/partnership (MOUs by state, proposals as funder
// and partner, grants and money, activities and reach, KPI progress) and the organisation's contacts.
import { Anchor, Card, Group, List, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText, MoneyList, StatusBadge } from '../../components/text';
import { CommandForm } from '../../forms/CommandForm';
import { useLang } from '../../i18n';
import { api } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import type { Organisation, Partnership } from '../../lib/types';

export default function OrganisationPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const canWrite = useCanWrite();
  const org = useQuery({ queryKey: ['organisations', id], queryFn: () => api.get<Organisation>(`/organisations/${id}`) });
  const view = useQuery({ queryKey: ['organisations', id, 'partnership'], queryFn: () => api.get<Partnership>(`/organisations/${id}/partnership`) });
  if (org.isPending) return <Loading />;
  if (org.isError) return <ProblemAlert error={org.error} />;
  const o = org.data;
  const p = view.data;

  return (
    <Stack>
      <Stack gap={2}>
        <Title order={1}>{lang === 'en' && o.nameEn ? o.nameEn : o.name}</Title>
        <Text c="dimmed">
          {lang === 'en' ? o.name : (o.nameEn ?? '')} · {t(`orgKind.${o.kind}`, { defaultValue: o.kind })} · {o.country}
          {o.sectors.length > 0 && ` · ${o.sectors.join(', ')}`}
        </Text>
        <Anchor component={Link} to={`/organisations/${id}/history`} size="sm">
          {t('history.title')}
        </Anchor>
      </Stack>
      {view.isError && <ProblemAlert error={view.error} />}
      {p && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Figure label={t('org.mous')} value={formatNumber(p.mous.total, lang)} />
            <Figure
              label={t('org.proposalsAsFunder')}
              value={`${formatNumber(p.proposals.asFunder, lang)} / ${t('org.asPartner')} ${formatNumber(p.proposals.asPartner, lang)}`}
            />
            <Figure label={t('org.activitiesHeld')} value={formatNumber(p.activities.held, lang)} />
            <Figure label={t('org.peopleReached')} value={formatNumber(p.activities.peopleReached, lang)} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('org.mousByState')}
              </Title>
              <Group gap="xs" mb="sm">
                {Object.entries(p.mous.byStatus)
                  .filter(([, n]) => n > 0)
                  .map(([status, n]) => (
                    <Group key={status} gap={4}>
                      <StatusBadge status={status} /> {n}
                    </Group>
                  ))}
              </Group>
              <List>
                {p.mous.items.map((m) => (
                  <List.Item key={m.id}>
                    <Anchor component={Link} to={`/mous/${m.id}`}>
                      {m.title}
                    </Anchor>{' '}
                    <StatusBadge status={m.status} /> {t('mou.endsOn')} <DateText value={m.endsOn} />
                  </List.Item>
                ))}
              </List>
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('org.money')}
              </Title>
              <dl className="terms">
                <dt>{t('money.requested')}</dt>
                <dd>
                  <MoneyList values={p.money.requested} />
                </dd>
                <dt>{t('money.awarded')}</dt>
                <dd>
                  <MoneyList values={p.money.awarded} />
                </dd>
                <dt>{t('money.disbursed')}</dt>
                <dd>
                  <MoneyList values={p.money.disbursed} />
                </dd>
                <dt>{t('money.coInvested')}</dt>
                <dd>
                  <MoneyList values={p.money.coInvested} />
                </dd>
              </dl>
              <Text size="sm" mt="xs">
                {t('org.grants', { total: p.grants.total, asFunder: p.grants.asFunder, asPartner: p.grants.asPartner })}
              </Text>
            </Card>
          </SimpleGrid>
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('mou.kpis')}
            </Title>
            {p.kpis.length === 0 && <Text>{t('common.none')}</Text>}
            <Stack>
              {p.kpis.map((k) => (
                <Stack key={`${k.mouId}-${k.kpiId}`} gap={2}>
                  <Group justify="space-between">
                    <Anchor component={Link} to={`/mous/${k.mouId}`} id={`k-${k.kpiId}`}>
                      {k.name}
                    </Anchor>
                    <Text size="sm">{t('mou.kpiProgress', { value: k.latestValue ?? 0, target: k.target, unit: k.unit ?? '' })}</Text>
                  </Group>
                  <Progress.Root>
                    <Progress.Section value={Math.min(100, k.progress ?? 0)} aria-labelledby={`k-${k.kpiId}`} />
                  </Progress.Root>
                </Stack>
              ))}
            </Stack>
          </Card>
        </>
      )}
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            {t('org.contacts')}
          </Title>
          {canWrite && (
            <CommandForm
              title="org.addContact"
              path={`/organisations/${id}/contacts`}
              version={o.version}
              onDone={() => client.invalidateQueries({ queryKey: ['organisations', id] })}
              onReload={() => client.invalidateQueries({ queryKey: ['organisations', id] })}
              fields={[
                { name: 'name', label: 'org.contactName', kind: 'text', required: true },
                { name: 'email', label: 'session.email', kind: 'text', required: true },
                { name: 'phone', label: 'org.phone', kind: 'text' },
                { name: 'role', label: 'org.role', kind: 'text' },
              ]}
            />
          )}
        </Group>
        {o.contacts.length === 0 ? (
          <Text>{t('common.none')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('org.contactName')}</Table.Th>
                <Table.Th>{t('session.email')}</Table.Th>
                <Table.Th>{t('org.phone')}</Table.Th>
                <Table.Th>{t('org.role')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {o.contacts.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.name}</Table.Td>
                  <Table.Td>{c.email}</Table.Td>
                  <Table.Td>{c.phone ?? '—'}</Table.Td>
                  <Table.Td>{c.role ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Card>
  );
}
