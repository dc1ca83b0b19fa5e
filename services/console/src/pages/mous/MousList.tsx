// `/mous`: every MOU the user may see, filtered like GET /mous (status, organisation, ending before, level, team).
import { Anchor, Button, Group, NativeSelect, Stack, Table, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { ConfidentialBadge } from '../../components/ConfidentialBadge';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText, StatusBadge } from '../../components/text';
import { api, type Page } from '../../lib/api';
import type { Mou } from '../../lib/types';
import { COLLABORATION_LEVELS, MOU_STATUSES } from './options';

const FILTERS = ['status', 'collaborationLevel', 'expiringBefore', 'leadTeam', 'organisationId'] as const;

export default function MousList() {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const query = useInfiniteQuery({
    queryKey: ['mous', 'list', filters],
    queryFn: ({ pageParam }) => api.get<Page<Mou>>('/mous', { ...filters, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const setFilter = (name: string, value: string) =>
    setParams((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      return p;
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('mou.listTitle')}</Title>
        {canWrite && (
          <Button component={Link} to="/mous/new">
            {t('mou.create')}
          </Button>
        )}
      </Group>
      <Group align="flex-end" gap="sm" role="search" aria-label={t('common.filter')}>
        <NativeSelect
          label={t('mou.status')}
          value={filters.status ?? ''}
          onChange={(e) => setFilter('status', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...MOU_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('mou.collaborationLevel')}
          value={filters.collaborationLevel ?? ''}
          onChange={(e) => setFilter('collaborationLevel', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...COLLABORATION_LEVELS.map((s) => ({ value: s, label: t(`level.${s}`) }))]}
        />
        <TextInput
          label={t('mou.expiringBefore')}
          type="date"
          value={filters.expiringBefore ?? ''}
          onChange={(e) => setFilter('expiringBefore', e.currentTarget.value)}
        />
        <TextInput label={t('mou.leadTeam')} value={filters.leadTeam ?? ''} onChange={(e) => setFilter('leadTeam', e.currentTarget.value)} />
      </Group>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ProblemAlert error={query.error} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mou.title')}</Table.Th>
                <Table.Th>{t('mou.status')}</Table.Th>
                <Table.Th>{t('mou.collaborationLevel')}</Table.Th>
                <Table.Th>{t('mou.effectiveFrom')}</Table.Th>
                <Table.Th>{t('mou.endsOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.pages
                .flatMap((p) => p.items)
                .map((mou) => (
                  <Table.Tr key={mou.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Anchor component={Link} to={`/mous/${mou.id}`}>
                          {mou.title}
                        </Anchor>
                        <ConfidentialBadge record={mou} />
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={mou.status} />
                    </Table.Td>
                    <Table.Td>{t(`level.${mou.collaborationLevel}`)}</Table.Td>
                    <Table.Td>
                      <DateText value={mou.effectiveFrom} />
                    </Table.Td>
                    <Table.Td>
                      <DateText value={mou.endsOn} />
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {query.hasNextPage && (
        <Button variant="default" onClick={() => query.fetchNextPage()}>
          {t('common.more')}
        </Button>
      )}
    </Stack>
  );
}
