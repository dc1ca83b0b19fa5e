// `/proposals/{id}`: the proposal, its submission against the deadline (an admin may submit late with a lateReason),
// the funder's decision, resubmission and withdrawal, each where a user looks for it; the grant it opened, if any.
import { Anchor, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
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
import { api, type Page } from '../../lib/api';
import { today } from '../../lib/dates';
import { moneyFromInput, moneyToInput } from '../../lib/money';
import type { GrantDetail } from '../grants/types';
import { DECISION_OUTCOMES, type ProposalDetail } from './types';

export default function ProposalPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [asOf, setAsOf] = useAsOfParam();
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['proposals', id], queryFn: () => api.get<ProposalDetail>(`/proposals/${id}`) });
  const past = useStateAt<ProposalDetail>('proposals', id, asOf);
  const isPast = asOf.date !== undefined || asOf.version !== undefined;
  const reload = () => {
    void client.invalidateQueries({ queryKey: ['proposals'] });
    void client.invalidateQueries({ queryKey: ['grants'] });
  };

  if (current.isPending || (isPast && past.isPending)) return <Loading />;
  if (current.isError) return <RecordLoadError error={current.error} listPath="/proposals" listLabel="nav.proposals" />;
  if (isPast && past.isError) return <ProblemAlert error={past.error} />;
  const proposal = isPast ? past.data?.state : current.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{(proposal ?? current.data).title}</Title>
          <Group gap="xs">
            {proposal && <StatusBadge status={proposal.status} />}
            <ConfidentialBadge record={proposal ?? current.data} />
            <Text size="sm" c="dimmed">
              {t('common.version', { version: isPast ? past.data?.version : current.data.version })}
            </Text>
            <VerifyBadge resource="proposals" id={id} />
            <Anchor component={Link} to={`/proposals/${id}/history`} size="sm">
              {t('history.title')}
            </Anchor>
          </Group>
        </Stack>
        <AsOfControl value={asOf} onChange={setAsOf} maxVersion={current.data.version} />
      </Group>
      {isPast && <PastBanner asOf={asOf} version={past.data?.version} onNow={() => setAsOf({})} />}
      {!proposal ? <Text>{t('asOf.notYet')}</Text> : <ProposalBody proposal={proposal} past={isPast} onChanged={reload} />}
    </Stack>
  );
}

function ProposalBody({ proposal: p, past, onChanged }: { proposal: ProposalDetail; past: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const { hasRole } = useSession();
  const canWrite = useCanWrite() && !past;
  const cmd = { version: p.version, onDone: onChanged, onReload: onChanged };
  const currency = p.requestedAmount.currency;
  const afterDeadline = today() > p.submissionDeadline;
  const open = p.status === 'draft' || p.status === 'submitted' || p.status === 'revision-requested';
  const grants = useQuery({
    queryKey: ['grants', 'list', { proposalId: p.id }],
    queryFn: () => api.get<Page<GrantDetail>>('/grants', { proposalId: p.id }),
    enabled: p.status === 'approved',
  });

  return (
    <Stack>
      {canWrite && (
        <Group gap="xs" role="group" aria-label={t('proposal.commands')}>
          {p.status === 'draft' && (
            <CommandForm
              {...cmd}
              title="proposal.submit"
              path={`/proposals/${p.id}/submission`}
              fields={afterDeadline && hasRole('admin') ? [{ name: 'lateReason', label: 'proposal.lateReason', kind: 'textarea', required: true }] : []}
            />
          )}
          {p.status === 'submitted' && (
            <CommandForm
              {...cmd}
              title="proposal.decide"
              path={`/proposals/${p.id}/decision`}
              fields={[
                {
                  name: 'outcome',
                  label: 'proposal.outcome',
                  kind: 'select',
                  required: true,
                  options: DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`status.${o}`) })),
                },
                {
                  name: 'awardedAmount',
                  label: 'proposal.awardedAmount',
                  kind: 'text',
                  hint: 'proposal.awardedHint',
                  initial: moneyToInput(p.requestedAmount),
                },
                { name: 'reasons', label: 'proposal.reasons', kind: 'lines', hint: 'form.onePerLine' },
              ]}
              transform={(body) => {
                // Only an approval carries an award; a rejection with the amount still typed would be refused.
                const { awardedAmount, ...rest } = body;
                return body.outcome === 'approved' ? { ...rest, awardedAmount: moneyFromInput(awardedAmount, currency) } : rest;
              }}
            />
          )}
          {p.status === 'revision-requested' && (
            <CommandForm
              {...cmd}
              title="proposal.resubmit"
              path={`/proposals/${p.id}/resubmission`}
              fields={[
                { name: 'requestedAmount', label: 'proposal.requestedAmount', kind: 'text', initial: moneyToInput(p.requestedAmount) },
                { name: 'note', label: 'proposal.note', kind: 'textarea' },
              ]}
              transform={(body) => (body.requestedAmount === undefined ? body : { ...body, requestedAmount: moneyFromInput(body.requestedAmount, currency) })}
            />
          )}
          {open && <CommandForm {...cmd} color="red" title="proposal.withdraw" path={`/proposals/${p.id}/withdrawal`} reasonRequired fields={[]} />}
          <ConfidentialityForm resource="proposals" record={p} onDone={onChanged} onReload={onChanged} />
        </Group>
      )}

      {p.status === 'approved' && grants.data && grants.data.items.length > 0 && (
        <Card withBorder component="section" aria-labelledby="grant-opened" bg="green.0">
          <Title order={2} size="h5" id="grant-opened">
            {t('proposal.grantOpened')}
          </Title>
          {grants.data.items.map((g) => (
            <Anchor key={g.id} component={Link} to={`/grants/${g.id}`} display="block">
              {g.title} — <MoneyText value={g.awardedAmount} />
            </Anchor>
          ))}
        </Card>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('proposal.details')}
          </Title>
          <dl className="terms">
            <dt>{t('proposal.programme')}</dt>
            <dd>{p.programme}</dd>
            <dt>{t('proposal.leadTeam')}</dt>
            <dd>{p.leadTeam}</dd>
            <dt>{t('proposal.funder')}</dt>
            <dd>
              <OrgName id={p.funderId} />
            </dd>
            <dt>{t('proposal.partners')}</dt>
            <dd>
              {p.partnerIds.length === 0
                ? t('common.none')
                : p.partnerIds.map((o, i) => (
                    <span key={o}>
                      {i > 0 && ', '}
                      <OrgName id={o} />
                    </span>
                  ))}
            </dd>
            <dt>{t('proposal.requestedAmount')}</dt>
            <dd>
              <MoneyText value={p.requestedAmount} />
            </dd>
            {p.awardedAmount && (
              <>
                <dt>{t('proposal.awardedAmount')}</dt>
                <dd>
                  <MoneyText value={p.awardedAmount} />
                </dd>
              </>
            )}
            {p.activityId && (
              <>
                <dt>{t('proposal.activity')}</dt>
                <dd>
                  <Anchor component={Link} to={`/activities/${p.activityId}`}>
                    {t('proposal.openActivity')}
                  </Anchor>
                </dd>
              </>
            )}
          </dl>
          {p.description && <Text mt="xs">{p.description}</Text>}
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('proposal.submission')}
          </Title>
          <dl className="terms">
            <dt>{t('proposal.deadline')}</dt>
            <dd>
              <DateText value={p.submissionDeadline} />
              {!p.submittedOn && afterDeadline && (
                <Text span c="red.8" size="sm">
                  {' '}
                  ({t('proposal.deadlinePassed')})
                </Text>
              )}
            </dd>
            <dt>{t('proposal.submittedOn')}</dt>
            <dd>{p.submittedOn ? <DateText value={p.submittedOn} /> : t('proposal.notSubmitted')}</dd>
            {p.late && (
              <>
                <dt>{t('proposal.late')}</dt>
                <dd>{p.lateReason}</dd>
              </>
            )}
          </dl>
          {p.decision && (
            <>
              <Title order={3} size="h5" mt="sm">
                {t('proposal.decision')}
              </Title>
              <Text size="sm">
                <StatusBadge status={p.decision.outcome} /> <DateText value={p.decision.decidedOn} />
              </Text>
              {p.decision.reasons.length > 0 && (
                <List size="sm">
                  {p.decision.reasons.map((r) => (
                    <List.Item key={r}>{r}</List.Item>
                  ))}
                </List>
              )}
            </>
          )}
          {p.resubmissions.length > 0 && (
            <>
              <Title order={3} size="h5" mt="sm">
                {t('proposal.resubmissions')}
              </Title>
              <List size="sm">
                {p.resubmissions.map((r) => (
                  <List.Item key={r.at}>
                    <DateText value={r.at} time /> — <MoneyText value={r.requestedAmount} />
                    {r.note && ` — ${r.note}`}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          {p.withdrawal && (
            <Text size="sm" mt="sm">
              {t('proposal.withdrawnOn')} <DateText value={p.withdrawal.at} time /> — {p.withdrawal.reason}
            </Text>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
