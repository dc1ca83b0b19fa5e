// `/activities/{id}`: when and where, who took part, attendance and outcomes once held, follow-up tasks; reschedule,
// completion, cancellation and tasks where a user looks for them. Each outcome can become a proposal linked back here.
import { Anchor, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
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
import { api } from '../../lib/api';
import { formatNumber } from '../../lib/format';
import { useLang } from '../../i18n';
import { outcomesFromLines } from './outcomes';
import type { ActivityDetail } from './types';

export default function ActivityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [asOf, setAsOf] = useAsOfParam();
  const client = useQueryClient();
  const current = useQuery({ queryKey: ['activities', id], queryFn: () => api.get<ActivityDetail>(`/activities/${id}`) });
  const past = useStateAt<ActivityDetail>('activities', id, asOf);
  const isPast = asOf.date !== undefined || asOf.version !== undefined;
  const reload = () => client.invalidateQueries({ queryKey: ['activities'] });

  if (current.isPending || (isPast && past.isPending)) return <Loading />;
  if (current.isError) return <RecordLoadError error={current.error} listPath="/activities" listLabel="nav.activities" />;
  if (isPast && past.isError) return <ProblemAlert error={past.error} />;
  const activity = isPast ? past.data?.state : current.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{(activity ?? current.data).title}</Title>
          <Group gap="xs">
            {activity && <StatusBadge status={activity.status} />}
            <ConfidentialBadge record={activity ?? current.data} />
            <Text size="sm" c="dimmed">
              {t('common.version', { version: isPast ? past.data?.version : current.data.version })}
            </Text>
            <VerifyBadge resource="activities" id={id} />
            <Anchor component={Link} to={`/activities/${id}/history`} size="sm">
              {t('history.title')}
            </Anchor>
          </Group>
        </Stack>
        <AsOfControl value={asOf} onChange={setAsOf} maxVersion={current.data.version} />
      </Group>
      {isPast && <PastBanner asOf={asOf} version={past.data?.version} onNow={() => setAsOf({})} />}
      {!activity ? <Text>{t('asOf.notYet')}</Text> : <ActivityBody activity={activity} past={isPast} onChanged={reload} />}
    </Stack>
  );
}

/** `2013-11-01T09:00:00Z` -> the value a datetime-local input shows for it, in this browser's zone. */
function localInput(instant: string | null): string {
  if (!instant) return '';
  const d = new Date(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ActivityBody({ activity: a, past, onChanged }: { activity: ActivityDetail; past: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const canWrite = useCanWrite() && !past;
  const cmd = { version: a.version, onDone: onChanged, onReload: onChanged };
  const open = a.status === 'planned' || a.status === 'scheduled';

  return (
    <Stack>
      {canWrite && (
        <Group gap="xs" role="group" aria-label={t('activity.commands')}>
          {open && (
            <CommandForm
              {...cmd}
              title={a.status === 'planned' ? 'activity.schedule' : 'activity.reschedule'}
              path={`/activities/${a.id}/schedule`}
              fields={[
                { name: 'startsAt', label: 'activity.startsAt', kind: 'datetime', required: true, initial: localInput(a.startsAt) },
                { name: 'endsAt', label: 'activity.endsAt', kind: 'datetime', required: true, initial: localInput(a.endsAt) },
                { name: 'location', label: 'activity.location', kind: 'text', initial: a.location ?? '' },
              ]}
            />
          )}
          {open && (
            <CommandForm
              {...cmd}
              title="activity.complete"
              path={`/activities/${a.id}/completion`}
              fields={[
                { name: 'attendance', label: 'activity.attendance', kind: 'integer', required: true },
                { name: 'outcomes', label: 'activity.outcomes', kind: 'lines', hint: 'activity.outcomesHint' },
              ]}
              transform={(body) => ({ ...body, outcomes: outcomesFromLines(body.outcomes) })}
            />
          )}
          {a.status !== 'cancelled' && (
            <CommandForm
              {...cmd}
              title="activity.addTask"
              path={`/activities/${a.id}/tasks`}
              fields={[
                { name: 'title', label: 'activity.taskTitle', kind: 'text', required: true },
                { name: 'owner', label: 'activity.taskOwner', kind: 'text', required: true },
                { name: 'dueOn', label: 'activity.taskDue', kind: 'date', required: true },
              ]}
            />
          )}
          {open && <CommandForm {...cmd} color="red" title="activity.cancel" path={`/activities/${a.id}/cancellation`} reasonRequired fields={[]} />}
          <ConfidentialityForm resource="activities" record={a} onDone={onChanged} onReload={onChanged} />
        </Group>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('activity.details')}
          </Title>
          <dl className="terms">
            <dt>{t('activity.kind')}</dt>
            <dd>{t(`activityKind.${a.kind}`)}</dd>
            <dt>{t('activity.startsAt')}</dt>
            <dd>
              <DateText value={a.startsAt} time />
            </dd>
            <dt>{t('activity.endsAt')}</dt>
            <dd>
              <DateText value={a.endsAt} time />
            </dd>
            <dt>{t('activity.location')}</dt>
            <dd>{a.location ?? '—'}</dd>
            <dt>{t('proposal.leadTeam')}</dt>
            <dd>{a.leadTeam ?? '—'}</dd>
            {a.mouId && (
              <>
                <dt>{t('activity.mou')}</dt>
                <dd>
                  <Anchor component={Link} to={`/mous/${a.mouId}`}>
                    {t('activity.openMou')}
                  </Anchor>
                </dd>
              </>
            )}
            {a.proposalId && (
              <>
                <dt>{t('grant.proposal')}</dt>
                <dd>
                  <Anchor component={Link} to={`/proposals/${a.proposalId}`}>
                    {t('grant.openProposal')}
                  </Anchor>
                </dd>
              </>
            )}
            {a.cancellation && (
              <>
                <dt>{t('status.cancelled')}</dt>
                <dd>
                  <DateText value={a.cancellation.at} time /> — {a.cancellation.reason}
                </dd>
              </>
            )}
          </dl>
          <Title order={3} size="h5" mt="sm">
            {t('activity.organisations')}
          </Title>
          <List size="sm">
            {a.organisationIds.map((o) => (
              <List.Item key={o}>
                <OrgName id={o} />
              </List.Item>
            ))}
          </List>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('activity.results')}
          </Title>
          {a.status !== 'held' ? (
            <Text size="sm">{t('activity.notHeld')}</Text>
          ) : (
            <>
              <Text>
                {t('activity.attendance')}: <strong>{formatNumber(a.attendance ?? 0, lang)}</strong>
              </Text>
              <Title order={3} size="h5" mt="sm">
                {t('activity.outcomes')}
              </Title>
              {a.outcomes.length === 0 ? (
                <Text size="sm">{t('common.none')}</Text>
              ) : (
                <List size="sm" spacing={4}>
                  {a.outcomes.map((o, i) => (
                    <List.Item key={i}>
                      {o.title}
                      {o.detail && ` — ${o.detail}`}
                      {canWrite && (
                        <>
                          {' '}
                          <Anchor component={Link} size="xs" to={`/proposals/new?activityId=${a.id}&title=${encodeURIComponent(o.title)}`}>
                            {t('activity.proposeFor')}
                          </Anchor>
                        </>
                      )}
                    </List.Item>
                  ))}
                </List>
              )}
            </>
          )}
        </Card>
      </SimpleGrid>

      <Card withBorder component="section">
        <Title order={2} size="h4" mb="xs">
          {t('activity.tasks')}
        </Title>
        {a.followUpTasks.length === 0 ? (
          <Text size="sm">{t('common.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('activity.taskTitle')}</Table.Th>
                  <Table.Th>{t('activity.taskOwner')}</Table.Th>
                  <Table.Th>{t('activity.taskDue')}</Table.Th>
                  <Table.Th>{t('activity.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.followUpTasks.map((task) => (
                  <Table.Tr key={task.id}>
                    <Table.Td>{task.title}</Table.Td>
                    <Table.Td>{task.owner}</Table.Td>
                    <Table.Td>
                      <DateText value={task.dueOn} />
                    </Table.Td>
                    <Table.Td>
                      {task.status === 'done' ? (
                        t('activity.taskDone')
                      ) : canWrite ? (
                        <CommandForm
                          {...cmd}
                          title="activity.completeTask"
                          buttonLabel={t('activity.completeTaskNamed', { title: task.title })}
                          path={`/activities/${a.id}/tasks/${task.id}/completion`}
                          fields={[]}
                        />
                      ) : (
                        t('activity.taskOpen')
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {a.status === 'held' && canWrite && (
          <Group mt="sm">
            <Button component={Link} variant="subtle" size="xs" to={`/proposals/new?activityId=${a.id}`}>
              {t('activity.proposeFrom')}
            </Button>
          </Group>
        )}
      </Card>
    </Stack>
  );
}
