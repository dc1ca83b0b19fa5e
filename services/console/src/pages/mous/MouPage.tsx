// `/mous/{id}`: terms, parties and their signatures, KPIs against targets, amendments, renewals, activities; every MOU
// command where a user looks for it. With ?asOf= or ?version= it shows the MOU as it stood, marked as past.
import { Anchor, Card, Group, List, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCanWrite } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ConfidentialBadge } from '../../components/ConfidentialBadge';
import { ProblemAlert } from '../../components/ProblemAlert';
import { RecordLoadError } from '../../components/RecordLoadError';
import { DateText, OrgName, StatusBadge } from '../../components/text';
import { CommandForm } from '../../forms/CommandForm';
import { ConfidentialityForm } from '../../forms/ConfidentialityForm';
import { AsOfControl } from '../../history/AsOfControl';
import { PastBanner } from '../../history/PastBanner';
import { useAsOfParam, useStateAt } from '../../history/useAsOf';
import { VerifyBadge } from '../../history/VerifyBadge';
import { api, type Page } from '../../lib/api';
import type { Activity, Mou } from '../../lib/types';
import { COLLABORATION_LEVELS } from './options';

export default function MouPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [asOf, setAsOf] = useAsOfParam();
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['mous', id], queryFn: () => api.get<Mou>(`/mous/${id}`) });
  const past = useStateAt<Mou>('mous', id, asOf);
  const isPast = asOf.date !== undefined || asOf.version !== undefined;
  // A command may start workflows (activation plans the kickoff activity), so activities are read again too.
  const reload = () => Promise.all([client.invalidateQueries({ queryKey: ['mous'] }), client.invalidateQueries({ queryKey: ['activities'] })]);

  if (current.isPending || (isPast && past.isPending)) return <Loading />;
  if (current.isError) return <RecordLoadError error={current.error} listPath="/mous" listLabel="nav.mous" />;
  if (isPast && past.isError) return <ProblemAlert error={past.error} />;
  const mou = isPast ? past.data?.state : current.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{(mou ?? current.data).title}</Title>
          <Group gap="xs">
            {mou && <StatusBadge status={mou.status} />}
            <ConfidentialBadge record={mou ?? current.data} />
            <Text size="sm" c="dimmed">
              {t('common.version', { version: isPast ? past.data?.version : current.data.version })}
            </Text>
            <VerifyBadge resource="mous" id={id} />
            <Anchor component={Link} to={`/mous/${id}/history`} size="sm">
              {t('history.title')}
            </Anchor>
          </Group>
        </Stack>
        <AsOfControl value={asOf} onChange={setAsOf} maxVersion={current.data.version} />
      </Group>
      {isPast && <PastBanner asOf={asOf} version={past.data?.version} onNow={() => setAsOf({})} />}
      {!mou ? <Text>{t('asOf.notYet')}</Text> : <MouBody mou={mou} past={isPast} onChanged={reload} />}
    </Stack>
  );
}

function MouBody({ mou, past, onChanged }: { mou: Mou; past: boolean; onChanged(): unknown }) {
  const { t } = useTranslation();
  const canWrite = useCanWrite() && !past;
  const cmd = { version: mou.version, onDone: onChanged, onReload: onChanged };
  const s = mou.status;

  return (
    <Stack>
      {canWrite && (
        <Group gap="xs" aria-label={t('mou.commands')} role="group">
          {(s === 'draft' || s === 'awaiting-signatures') && (
            <CommandForm
              {...cmd}
              title="mou.reviseTerms"
              path={`/mous/${mou.id}/terms`}
              fields={[
                { name: 'title', label: 'mou.title', kind: 'text', initial: mou.title },
                { name: 'description', label: 'mou.description', kind: 'textarea', initial: mou.description ?? '' },
                { name: 'cooperationAreas', label: 'mou.cooperationAreas', kind: 'lines', hint: 'form.onePerLine', initial: mou.cooperationAreas.join('\n') },
                {
                  name: 'collaborationLevel',
                  label: 'mou.collaborationLevel',
                  kind: 'select',
                  options: COLLABORATION_LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) })),
                  initial: mou.collaborationLevel,
                },
                { name: 'effectiveFrom', label: 'mou.effectiveFrom', kind: 'date', initial: mou.effectiveFrom },
                { name: 'termMonths', label: 'mou.termMonths', kind: 'integer', initial: String(mou.termMonths) },
                { name: 'leadTeam', label: 'mou.leadTeam', kind: 'text', initial: mou.leadTeam ?? '' },
                {
                  name: 'kpis',
                  label: 'mou.kpis',
                  kind: 'kpis',
                  initial: JSON.stringify(
                    mou.kpis.map(({ id, name, target, unit, owner, dueOn }) => ({ id, name, target: String(target), unit: unit ?? '', owner, dueOn })),
                  ),
                },
              ]}
            />
          )}
          {s === 'draft' && <CommandForm {...cmd} title="mou.requestSignatures" path={`/mous/${mou.id}/signature-request`} fields={[]} />}
          {(s === 'active' || s === 'signed') && (
            <CommandForm
              {...cmd}
              title="mou.amend"
              path={`/mous/${mou.id}/amendments`}
              fields={[
                { name: 'summary', label: 'mou.amendmentSummary', kind: 'textarea', required: true },
                { name: 'changes', label: 'mou.amendmentChanges', kind: 'textarea', required: true },
                { name: 'effectiveOn', label: 'mou.effectiveOn', kind: 'date', required: true },
              ]}
            />
          )}
          {(s === 'active' || s === 'expired') && (
            <CommandForm
              {...cmd}
              title="mou.renew"
              path={`/mous/${mou.id}/renewal`}
              fields={[{ name: 'termMonths', label: 'mou.termMonths', kind: 'integer', required: true }]}
            />
          )}
          {(s === 'active' || s === 'signed' || s === 'awaiting-signatures') && (
            <CommandForm
              {...cmd}
              color="red"
              title="mou.terminate"
              path={`/mous/${mou.id}/termination`}
              reasonRequired
              fields={[{ name: 'effectiveOn', label: 'mou.effectiveOn', kind: 'date', required: true }]}
            />
          )}
          <ConfidentialityForm resource="mous" record={mou} onDone={onChanged} onReload={onChanged} />
        </Group>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mou.terms')}
          </Title>
          <dl className="terms">
            <dt>{t('mou.collaborationLevel')}</dt>
            <dd>{t(`level.${mou.collaborationLevel}`)}</dd>
            <dt>{t('mou.effectiveFrom')}</dt>
            <dd>
              <DateText value={mou.effectiveFrom} />
            </dd>
            <dt>{t('mou.termMonths')}</dt>
            <dd>{mou.termMonths}</dd>
            <dt>{t('mou.endsOn')}</dt>
            <dd>
              <DateText value={mou.endsOn} />
            </dd>
            <dt>{t('mou.leadTeam')}</dt>
            <dd>{mou.leadTeam ?? '—'}</dd>
            {mou.terminatedOn && (
              <>
                <dt>{t('mou.terminatedOn')}</dt>
                <dd>
                  <DateText value={mou.terminatedOn} /> — {mou.terminationReason}
                </dd>
              </>
            )}
          </dl>
          {mou.description && <Text mt="xs">{mou.description}</Text>}
          <Title order={3} size="h5" mt="sm">
            {t('mou.cooperationAreas')}
          </Title>
          <List size="sm">
            {mou.cooperationAreas.map((a) => (
              <List.Item key={a}>{a}</List.Item>
            ))}
          </List>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mou.parties')}
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('mou.party')}</Table.Th>
                <Table.Th>{t('mou.signatory')}</Table.Th>
                <Table.Th>{t('mou.signature')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {mou.parties.map((p) => (
                <Table.Tr key={p.organisationId}>
                  <Table.Td>
                    <OrgName id={p.organisationId} />
                  </Table.Td>
                  <Table.Td>
                    {p.signatoryName}
                    <Text size="xs" c="dimmed">
                      {p.signatoryTitle}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {p.signedAt ? (
                      <Text size="sm">
                        ✓ {t('mou.signedOn')} <DateText value={p.signedAt} />
                      </Text>
                    ) : (
                      <Stack gap={4} align="flex-start">
                        <Text size="sm">{t('mou.notSigned')}</Text>
                        {canWrite && s === 'awaiting-signatures' && (
                          <CommandForm
                            {...cmd}
                            title="mou.sign"
                            buttonLabel={<SignLabel id={p.organisationId} />}
                            path={`/mous/${mou.id}/signatures`}
                            fixed={{ organisationId: p.organisationId }}
                            fields={[{ name: 'signedAt', label: 'mou.signedAt', kind: 'datetime', hint: 'mou.signedAtHint' }]}
                          />
                        )}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('mou.kpis')}
        </Title>
        {mou.kpis.length === 0 ? (
          <Text>{t('common.none')}</Text>
        ) : (
          <Stack>
            {mou.kpis.map((k) => {
              const percent = k.percent ?? (k.target > 0 && k.progress !== null ? Math.min(100, (k.progress / k.target) * 100) : 0);
              return (
                <Stack key={k.id} gap={4}>
                  <Group justify="space-between">
                    <Text fw={500} id={`kpi-${k.id}`}>
                      {k.name}
                    </Text>
                    <Text size="sm">
                      {t('mou.kpiProgress', { value: k.progress ?? 0, target: k.target, unit: k.unit ?? '' })}
                      {k.dueOn && (
                        <>
                          {' · '}
                          {t('mou.due')} <DateText value={k.dueOn} />
                        </>
                      )}
                    </Text>
                  </Group>
                  <Progress.Root>
                    <Progress.Section value={percent} aria-labelledby={`kpi-${k.id}`} aria-valuetext={`${Math.round(percent)}%`} />
                  </Progress.Root>
                  {canWrite && s === 'active' && (
                    <Group>
                      <CommandForm
                        {...cmd}
                        variant="subtle"
                        title="mou.reportProgress"
                        path={`/mous/${mou.id}/kpi-progress`}
                        fixed={{ kpiId: k.id }}
                        fields={[
                          { name: 'value', label: 'mou.kpiValue', kind: 'number', required: true },
                          { name: 'reportedOn', label: 'mou.reportedOn', kind: 'date', required: true },
                          { name: 'note', label: 'mou.note', kind: 'textarea' },
                        ]}
                      />
                    </Group>
                  )}
                </Stack>
              );
            })}
          </Stack>
        )}
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mou.amendments')}
          </Title>
          {mou.amendments.length === 0 ? (
            <Text>{t('common.none')}</Text>
          ) : (
            <List>
              {mou.amendments.map((a) => (
                <List.Item key={a.number}>
                  #{a.number} <DateText value={a.effectiveOn} />: {a.summary}
                  <Text size="xs" c="dimmed">
                    {typeof a.changes === 'string' ? a.changes : JSON.stringify(a.changes)}
                  </Text>
                </List.Item>
              ))}
            </List>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('mou.renewals')}
          </Title>
          {mou.renewals.length === 0 ? (
            <Text>{t('common.none')}</Text>
          ) : (
            <List>
              {mou.renewals.map((r) => (
                <List.Item key={r.at}>
                  {t('mou.renewedFor', { months: r.termMonths })} <DateText value={r.startsOn} /> – <DateText value={r.endsOn} />
                </List.Item>
              ))}
            </List>
          )}
        </Card>
      </SimpleGrid>
      {!past && <MouActivities mouId={mou.id} />}
    </Stack>
  );
}

function SignLabel({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <>
      {t('mou.signFor')} <OrgName id={id} link={false} />
    </>
  );
}

function MouActivities({ mouId }: { mouId: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['activities', 'list', { mouId }], queryFn: () => api.get<Page<Activity>>('/activities', { mouId, limit: 100 }) });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('mou.activities')}
      </Title>
      {query.isError && <ProblemAlert error={query.error} />}
      {query.data && query.data.items.length === 0 && <Text>{t('common.none')}</Text>}
      {query.data && query.data.items.length > 0 && (
        <List>
          {query.data.items.map((a) => (
            <List.Item key={a.id}>
              <Anchor component={Link} to={`/activities/${a.id}`}>
                {a.title}
              </Anchor>{' '}
              <StatusBadge status={a.status} /> {t(`activityKind.${a.kind}`, { defaultValue: a.kind })} {a.startsAt && <DateText value={a.startsAt} time />}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}
