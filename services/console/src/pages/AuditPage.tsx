// `/audit`: events across every service, newest first (GET /audit/events), filtered by actor, dates, type, resource.
import { Anchor, Button, Group, Stack, Table, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { DateText } from '../components/text';
import { api, apiUrl, type Page } from '../lib/api';
import type { AuditEvent } from '../lib/types';

const FILTERS = ['actor', 'from', 'to', 'type', 'resourceType', 'resourceId'] as const;
const PLURAL: Record<string, string> = { activity: 'activities' };

/** The console page of a resource type: mou -> /mous, activity -> /activities. */
export function resourcePath(resourceType: string, id: string): string {
  return `/${PLURAL[resourceType] ?? `${resourceType}s`}/${id}`;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [typed, setTyped] = useState(filters);
  const query = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => api.get<Page<AuditEvent>>('/audit/events', { ...filters, limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (typed[f].trim()) next.set(f, typed[f].trim());
    setParams(next);
  };

  return (
    <Stack>
      <Title order={1}>{t('audit.title')}</Title>
      <form onSubmit={apply} role="search" aria-label={t('audit.title')}>
        <Group align="flex-end" gap="sm">
          {FILTERS.map((f) => (
            <TextInput
              key={f}
              size="xs"
              label={t(`audit.${f}`)}
              type={f === 'from' || f === 'to' ? 'date' : 'text'}
              value={typed[f]}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setTyped((v) => ({ ...v, [f]: value }));
              }}
            />
          ))}
          <Button size="xs" type="submit">
            {t('common.search')}
          </Button>
          <Anchor size="sm" href={apiUrl('/audit/events', { ...filters, format: 'csv' })} download>
            {t('history.exportCsv')}
          </Anchor>
        </Group>
      </form>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ProblemAlert error={query.error} />
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('history.occurred')}</Table.Th>
                <Table.Th>{t('history.recorded')}</Table.Th>
                <Table.Th>{t('audit.type')}</Table.Th>
                <Table.Th>{t('audit.resourceType')}</Table.Th>
                <Table.Th>{t('history.who')}</Table.Th>
                <Table.Th>{t('history.why')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.pages
                .flatMap((p) => p.items)
                .map((e) => (
                  <Table.Tr key={`${e.resourceId}-${e.version}`}>
                    <Table.Td>
                      <DateText value={e.occurredAt} time />
                    </Table.Td>
                    <Table.Td>
                      <DateText value={e.recordedAt} time />
                    </Table.Td>
                    <Table.Td>{e.type}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`${resourcePath(e.resourceType, e.resourceId)}/history`}>
                        {e.resourceType} v{e.version}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{e.actor}</Table.Td>
                    <Table.Td>{e.reason ?? '—'}</Table.Td>
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
