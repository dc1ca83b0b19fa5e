// `/portfolio`: money requested, awarded, disbursed and co-invested per funder, partner or lead team for a period, as a
// table, a chart and a CSV download, all from the same exact minor units (GET /portfolio).
import { Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { MoneyList } from '../../components/text';
import { api } from '../../lib/api';
import { useOrgOptions } from '../shared/orgs';
import { currenciesOf, MONEY_COLUMNS, portfolioCsv, type PortfolioFigures, type PortfolioGroup } from './csv';

const PortfolioChart = lazy(() => import('./PortfolioChart'));
const GROUP_BY = ['funder', 'partner', 'team'] as const;

interface Portfolio {
  groupBy: string;
  from: string | null;
  to: string | null;
  groups: PortfolioGroup[];
  nextCursor: string | null;
  totals: PortfolioFigures;
}

export default function PortfolioPage() {
  const { t } = useTranslation();
  const orgs = useOrgOptions();
  const [params, setParams] = useSearchParams();
  const groupBy = GROUP_BY.find((g) => g === params.get('groupBy')) ?? 'funder';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const query = useQuery({
    queryKey: ['portfolio', groupBy, from, to],
    queryFn: () => api.get<Portfolio>('/portfolio', { groupBy, from, to, limit: 500 }),
  });
  const set = (name: string, value: string) =>
    setParams((p) => {
      if (value) p.set(name, value);
      else p.delete(name);
      return p;
    });
  const names = new Map(orgs.map((o) => [o.value, o.label]));
  const label = (key: string | null) => (key === null ? t('portfolio.noKey') : groupBy === 'team' ? key : (names.get(key) ?? key));
  const fieldError = (name: string) =>
    (query.error && 'fieldErrors' in query.error ? (query.error.fieldErrors as { path: string; message: string }[]) : []).find((e) => e.path === name)?.message;

  const download = (data: Portfolio) => {
    const csv = portfolioCsv(data.groups, data.totals, label, {
      group: t(`portfolio.by.${groupBy}`),
      currency: t('portfolio.currency'),
      totals: t('portfolio.totals'),
      requested: t('money.requested'),
      awarded: t('money.awarded'),
      disbursed: t('money.disbursed'),
      coInvested: t('money.coInvested'),
      proposals: t('portfolio.proposals'),
      grants: t('portfolio.grants'),
    });
    // BOM so that a spreadsheet opens Thai names as UTF-8
    const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `portfolio-${groupBy}${from ? `-${from}` : ''}${to ? `-${to}` : ''}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack>
      <Title order={1}>{t('portfolio.title')}</Title>
      <Group align="flex-end" gap="sm" role="search" aria-label={t('common.filter')}>
        <NativeSelect
          label={t('portfolio.groupBy')}
          value={groupBy}
          onChange={(e) => set('groupBy', e.currentTarget.value)}
          data={GROUP_BY.map((g) => ({ value: g, label: t(`portfolio.by.${g}`) }))}
        />
        <TextInput label={t('portfolio.from')} type="date" value={from} onChange={(e) => set('from', e.currentTarget.value)} error={fieldError('from')} />
        <TextInput label={t('portfolio.to')} type="date" value={to} onChange={(e) => set('to', e.currentTarget.value)} error={fieldError('to')} />
        {query.data && (
          <Button variant="default" onClick={() => download(query.data)}>
            {t('portfolio.csv')}
          </Button>
        )}
      </Group>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ProblemAlert error={query.error} />
      ) : (
        <>
          {query.data.nextCursor && <Text c="orange.9">{t('portfolio.truncated')}</Text>}
          <Card withBorder>
            <Suspense fallback={<Loading />}>
              <PortfolioChart groups={query.data.groups} label={label} currency={currenciesOf([query.data.totals])[0] ?? 'THB'} />
            </Suspense>
          </Card>
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(`portfolio.by.${groupBy}`)}</Table.Th>
                  {MONEY_COLUMNS.map((c) => (
                    <Table.Th key={c}>{t(`money.${c}`)}</Table.Th>
                  ))}
                  <Table.Th>{t('portfolio.proposals')}</Table.Th>
                  <Table.Th>{t('portfolio.grants')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.data.groups.map((g) => (
                  <Table.Tr key={g.key ?? ''}>
                    <Table.Th scope="row">{label(g.key)}</Table.Th>
                    {MONEY_COLUMNS.map((c) => (
                      <Table.Td key={c}>
                        <MoneyList values={g[c]} />
                      </Table.Td>
                    ))}
                    <Table.Td>{g.proposals}</Table.Td>
                    <Table.Td>{g.grants}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row">{t('portfolio.totals')}</Table.Th>
                  {MONEY_COLUMNS.map((c) => (
                    <Table.Td key={c} fw={700}>
                      <MoneyList values={query.data.totals[c]} />
                    </Table.Td>
                  ))}
                  <Table.Td fw={700}>{query.data.totals.proposals}</Table.Td>
                  <Table.Td fw={700}>{query.data.totals.grants}</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            {t('portfolio.totalsNote')}
          </Text>
        </>
      )}
    </Stack>
  );
}
