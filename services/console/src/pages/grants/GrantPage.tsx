// `/grants/{id}`: awarded, disbursed, spent and co-invested as bars and as figures that add up to the satang; the
// tranches, disbursements, expenditures and co-investments with their forms; close-out.
import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCanWrite, useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ConfidentialBadge } from '../../components/ConfidentialBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RecordLoadError } from '../../components/RecordLoadError';
import { DateText, MoneyText, OrgName, StatusBadge } from '../../components/text';
import { CommandForm } from '../../forms/CommandForm';
import { ConfidentialityForm } from '../../forms/ConfidentialityForm';
import { AsOfControl } from '../../history/AsOfControl';
import { PastBanner } from '../../history/PastBanner';
import { useAsOfParam, useStateAt } from '../../history/useAsOf';
import { VerifyBadge } from '../../history/VerifyBadge';
import { api } from '../../lib/api';
import { moneyFromInput } from '../../lib/money';
import { useOrgOptions } from '../shared/orgs';
import { grantBars, grantFigures } from './figures';
import type { GrantDetail } from './types';

const MoneyBars = lazy(() => import('../shared/MoneyBars'));

export default function GrantPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [asOf, setAsOf] = useAsOfParam();
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['grants', id], queryFn: () => api.get<GrantDetail>(`/grants/${id}`) });
  const past = useStateAt<GrantDetail>('grants', id, asOf);
  const isPast = asOf.date !== undefined || asOf.version !== undefined;
  const reload = () => client.invalidateQueries({ queryKey: ['grants'] });

  if (current.isPending || (isPast && past.isPending)) return <Loading />;
  if (current.isError) return <RecordLoadError error={current.error} listPath="/grants" listLabel="grant.listTitle" />;
  if (isPast && past.isError) return <ProblemAlert error={past.error} />;
  const grant = isPast ? past.data?.state : current.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{(grant ?? current.data).title}</Title>
          <Group gap="xs">
            {grant && <StatusBadge status={grant.status} />}
            <ConfidentialBadge record={grant ?? current.data} />
            <Text size="sm" c="dimmed">
              {t('common.version', { version: isPast ? past.data?.version : current.data.version })}
            </Text>
            <VerifyBadge resource="grants" id={id} />
            <Anchor component={Link} to={`/grants/${id}/history`} size="sm">
              {t('history.title')}
            </Anchor>
          </Group>
        </Stack>
        <AsOfControl value={asOf} onChange={setAsOf} maxVersion={current.data.version} />
      </Group>
      {isPast && <PastBanner asOf={asOf} version={past.data?.version} onNow={() => setAsOf({})} />}
      {!grant ? <Text>{t('asOf.notYet')}</Text> : <GrantBody grant={grant} past={isPast} onChanged={reload} />}
    </Stack>
  );
}

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function GrantBody({ grant: g, past, onChanged }: { grant: GrantDetail; past: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const orgs = useOrgOptions();
  const mayWrite = useCanWrite() && !past;
  // money moves only while the grant is open; who may see it can change in any state
  const canWrite = mayWrite && g.status === 'open';
  const me = useSession().user?.sub;
  const cmd = { version: g.version, onDone: onChanged, onReload: onChanged };
  const f = grantFigures(g);
  const money = (minor: bigint) => <MoneyText value={{ amount: minor.toString(), currency: f.currency }} />;
  const toMoney = (field: string) => (body: Record<string, unknown>) => ({ ...body, [field]: moneyFromInput(body[field], f.currency) });

  return (
    <Stack>
      {mayWrite && (
        <Group gap="xs" role="group" aria-label={t('grant.commands')}>
          {canWrite && (
            <>
              <CommandForm
                {...cmd}
                title="grant.scheduleTranche"
                path={`/grants/${g.id}/tranches`}
                fields={[
                  { name: 'tranches[0].dueOn', label: 'grant.dueOn', kind: 'date', required: true },
                  { name: 'tranches[0].amount', label: 'grant.amount', kind: 'text', required: true, hint: 'grant.amountHint' },
                ]}
                transform={({ 'tranches[0].dueOn': dueOn, 'tranches[0].amount': amount, ...body }) => ({
                  ...body,
                  tranches: [{ dueOn, amount: moneyFromInput(amount, f.currency) }],
                })}
              />
              <CommandForm
                {...cmd}
                title="grant.disburse"
                path={`/grants/${g.id}/disbursements`}
                fields={[
                  { name: 'amount', label: 'grant.amount', kind: 'text', required: true, hint: 'grant.amountHint' },
                  { name: 'disbursedOn', label: 'grant.disbursedOn', kind: 'date', required: true },
                  {
                    name: 'trancheId',
                    label: 'grant.tranche',
                    kind: 'select',
                    options: g.tranches.map((tr, i) => ({ value: tr.id, label: `${i + 1}. ${tr.dueOn}` })),
                  },
                ]}
                transform={toMoney('amount')}
              />
              <CommandForm
                {...cmd}
                title="grant.recordExpenditure"
                path={`/grants/${g.id}/expenditures`}
                fields={[
                  { name: 'amount', label: 'grant.amount', kind: 'text', required: true, hint: 'grant.amountHint' },
                  { name: 'spentOn', label: 'grant.spentOn', kind: 'date', required: true },
                  { name: 'category', label: 'grant.category', kind: 'text', required: true },
                  {
                    name: 'disbursementId',
                    label: 'grant.disbursement',
                    kind: 'select',
                    options: g.disbursements.map((d, i) => ({ value: d.id, label: `${i + 1}. ${d.disbursedOn}` })),
                  },
                ]}
                transform={toMoney('amount')}
              />
              <CommandForm
                {...cmd}
                title="grant.coInvest"
                path={`/grants/${g.id}/co-investments`}
                fields={[
                  { name: 'organisationId', label: 'grant.coInvestor', kind: 'select', required: true, options: orgs },
                  { name: 'amount', label: 'grant.amount', kind: 'text', required: true, hint: 'grant.amountHint' },
                  { name: 'committedOn', label: 'grant.committedOn', kind: 'date' },
                ]}
                transform={toMoney('amount')}
              />
              <CommandForm {...cmd} color="red" title="grant.closeOut" path={`/grants/${g.id}/close-out`} fields={[]} />
            </>
          )}
          <ConfidentialityForm resource="grants" record={g} onDone={onChanged} onReload={onChanged} />
        </Group>
      )}

      {!f.consistent && (
        <Alert color="red" role="alert">
          {t('grant.inconsistent')}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('grant.money')}
          </Title>
          <Suspense fallback={<Loading />}>
            <MoneyBars bars={grantBars(f).map((b) => ({ label: `money.${b.key}`, minor: b.minor, currency: f.currency }))} />
          </Suspense>
          <dl className="terms" aria-label={t('grant.money')}>
            <Figure label={t('money.awarded')}>{money(f.awarded)}</Figure>
            <Figure label={t('grant.scheduled')}>{money(f.scheduled)}</Figure>
            <Figure label={t('money.disbursed')}>{money(f.disbursed)}</Figure>
            <Figure label={t('grant.remaining')}>{money(f.remaining)}</Figure>
            <Figure label={t('money.spent')}>{money(f.spent)}</Figure>
            <Figure label={t('grant.unspent')}>{money(f.unspent)}</Figure>
            <Figure label={t('money.coInvested')}>
              {money(f.coInvested)}
              {f.coInvestedOther.map((m) => (
                <span key={m.currency}>
                  {' + '}
                  <MoneyText value={m} />
                </span>
              ))}
            </Figure>
          </dl>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('grant.details')}
          </Title>
          <dl className="terms">
            <Figure label={t('proposal.funder')}>
              <OrgName id={g.funderId} />
            </Figure>
            <Figure label={t('proposal.leadTeam')}>{g.leadTeam ?? '—'}</Figure>
            <Figure label={t('grant.period')}>
              <DateText value={g.startsOn} /> – <DateText value={g.endsOn} />
            </Figure>
            {g.proposalId && (
              <Figure label={t('grant.proposal')}>
                <Anchor component={Link} to={`/proposals/${g.proposalId}`}>
                  {t('grant.openProposal')}
                </Anchor>
              </Figure>
            )}
            {g.closeOut && (
              <Figure label={t('grant.closedOut')}>
                <DateText value={g.closeOut.at} time />
                {g.closeOut.reason && ` — ${g.closeOut.reason}`}
              </Figure>
            )}
          </dl>
        </Card>
      </SimpleGrid>

      <Rows
        title={t('grant.tranches')}
        heads={[t('grant.dueOn'), t('grant.amount'), t('money.disbursed')]}
        rows={g.tranches.map((r) => [<DateText key="d" value={r.dueOn} />, <MoneyText key="a" value={r.amount} />, <MoneyText key="b" value={r.disbursed} />])}
      />
      <Rows
        title={t('grant.disbursements')}
        heads={[t('grant.disbursedOn'), t('grant.amount'), t('money.spent'), t('grant.disbursementStatus')]}
        rows={g.disbursements.map((r) => [
          <DateText key="d" value={r.disbursedOn} />,
          <MoneyText key="a" value={r.amount} />,
          <MoneyText key="s" value={r.spent} />,
          <FourEyes key="c" disbursement={r} grantId={g.id} canConfirm={canWrite && r.requestedBy !== me} cmd={cmd} />,
        ])}
      />
      <Rows
        title={t('grant.expenditures')}
        heads={[t('grant.spentOn'), t('grant.category'), t('grant.amount')]}
        rows={g.expenditures.map((r) => [<DateText key="d" value={r.spentOn} />, r.category, <MoneyText key="a" value={r.amount} />])}
      />
      <Rows
        title={t('grant.coInvestments')}
        heads={[t('grant.coInvestor'), t('grant.committedOn'), t('grant.amount')]}
        rows={g.coInvestments.map((r) => [
          <OrgName key="o" id={r.organisationId} />,
          <DateText key="d" value={r.committedOn} />,
          <MoneyText key="a" value={r.amount} />,
        ])}
      />
    </Stack>
  );
}

/** Four eyes on money: a pending disbursement says who asked; anyone else who may write can confirm it. */
function FourEyes({
  disbursement: d,
  grantId,
  canConfirm,
  cmd,
}: {
  disbursement: GrantDetail['disbursements'][number];
  grantId: string;
  canConfirm: boolean;
  cmd: { version: number; onDone(): void; onReload(): void };
}) {
  const { t } = useTranslation();
  if (d.status !== 'pending-confirmation') {
    return <Text size="sm">{d.confirmedBy ? t('grant.confirmedBy', { by: d.confirmedBy }) : t('grant.confirmed')}</Text>;
  }
  return (
    <Group gap="xs">
      <Text size="sm">{t('grant.pendingConfirmation', { by: d.requestedBy ?? '' })}</Text>
      {canConfirm && <CommandForm {...cmd} title="grant.confirmDisbursement" path={`/grants/${grantId}/disbursements/${d.id}/confirmation`} fields={[]} />}
    </Group>
  );
}

function Rows({ title, heads, rows }: { title: string; heads: string[]; rows: ReactNode[][] }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section">
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm">{t('common.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                {heads.map((h) => (
                  <Table.Th key={h}>{h}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((cells, i) => (
                <Table.Tr key={i}>
                  {cells.map((c, j) => (
                    <Table.Td key={j}>{c}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
