// `/organisations`: search by any part of the Thai or English name (the API's `q`), filter by kind.
import { Anchor, Button, Group, NativeSelect, Stack, Table, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { api, type Page } from '../../lib/api';
import type { Organisation } from '../../lib/types';

export const ORGANISATION_KINDS = ['government', 'private', 'academic', 'international', 'nonprofit', 'community'];

export default function OrganisationsList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? '';
  const [typed, setTyped] = useState(q);
  const query = useInfiniteQuery({
    queryKey: ['organisations', 'list', { q, kind }],
    queryFn: ({ pageParam }) => api.get<Page<Organisation>>('/organisations', { q, kind, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const set = (name: string, value: string) =>
    setParams((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      return p;
    });
  const search = (e: FormEvent) => {
    e.preventDefault();
    set('q', typed.trim());
  };

  return (
    <Stack>
      <Title order={1}>{t('org.listTitle')}</Title>
      <form role="search" onSubmit={search} aria-label={t('common.search')}>
        <Group align="flex-end">
          <TextInput label={t('org.search')} description={t('org.searchHint')} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
          <NativeSelect
            label={t('org.kind')}
            value={kind}
            onChange={(e) => set('kind', e.currentTarget.value)}
            data={[{ value: '', label: t('common.all') }, ...ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`orgKind.${k}`) }))]}
          />
          <Button type="submit">{t('common.search')}</Button>
        </Group>
      </form>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ProblemAlert error={query.error} />
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('org.name')}</Table.Th>
                <Table.Th>{t('org.nameEn')}</Table.Th>
                <Table.Th>{t('org.kind')}</Table.Th>
                <Table.Th>{t('org.country')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.pages
                .flatMap((p) => p.items)
                .map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/organisations/${o.id}`}>
                        {o.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{o.nameEn ?? '—'}</Table.Td>
                    <Table.Td>{t(`orgKind.${o.kind}`, { defaultValue: o.kind })}</Table.Td>
                    <Table.Td>{o.country}</Table.Td>
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
