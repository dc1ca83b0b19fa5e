// `/grants`: every grant the user may see, filtered like GET /grants (state, funder, lead team).
import { Anchor, Button, Group, NativeSelect, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { ConfidentialBadge } from '../../components/ConfidentialBadge';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText, MoneyText, OrgName, StatusBadge } from '../../components/text';
import { api, type Page } from '../../lib/api';
import { useOrgOptions } from '../shared/orgs';
import type { GrantDetail } from './types';

const FILTERS = ['status', 'funderId', 'leadTeam'] as const;

export default function GrantsList() {
  const { t } = useTranslation();
  const canWrite = useCanWrite();
  const orgs = useOrgOptions();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const query = useQuery({ queryKey: ['grants', 'list', filters], queryFn: () => api.get<Page<GrantDetail>>('/grants', { ...filters, limit: 500 }) });
  const setFilter = (name: string, value: string) =>
    setParams((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      return p;
    });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('grant.listTitle')}</Title>
        {canWrite && (
          <Button component={Link} to="/grants/new">
            {t('grant.create')}
          </Button>
        )}
      </Group>
      <Group align="flex-end" gap="sm" role="search" aria-label={t('common.filter')}>
        <NativeSelect
          label={t('grant.status')}
          value={filters.status ?? ''}
          onChange={(e) => setFilter('status', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...['open', 'closed'].map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <NativeSelect
          label={t('proposal.funder')}
          value={filters.funderId ?? ''}
          onChange={(e) => setFilter('funderId', e.currentTarget.value)}
          data={[{ value: '', label: t('common.all') }, ...orgs]}
        />
        <TextInput label={t('proposal.leadTeam')} value={filters.leadTeam ?? ''} onChange={(e) => setFilter('leadTeam', e.currentTarget.value)} />
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
                <Table.Th>{t('grant.title')}</Table.Th>
                <Table.Th>{t('grant.status')}</Table.Th>
                <Table.Th>{t('proposal.funder')}</Table.Th>
                <Table.Th>{t('money.awarded')}</Table.Th>
                <Table.Th>{t('money.disbursed')}</Table.Th>
                <Table.Th>{t('grant.endsOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.data.items.map((g) => (
                <Table.Tr key={g.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/grants/${g.id}`}>
                        {g.title}
                      </Anchor>
                      <ConfidentialBadge record={g} />
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={g.status} />
                  </Table.Td>
                  <Table.Td>
                    <OrgName id={g.funderId} />
                  </Table.Td>
                  <Table.Td>
                    <MoneyText value={g.awardedAmount} />
                  </Table.Td>
                  <Table.Td>
                    <MoneyText value={g.totals?.disbursed} />
                  </Table.Td>
                  <Table.Td>
                    <DateText value={g.endsOn} />
                  </Table.Td>
                </Table.Tr>
              ))}
              {query.data.items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{t('common.none')}</Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
