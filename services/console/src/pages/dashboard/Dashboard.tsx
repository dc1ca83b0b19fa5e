// `/`: what is due (overdue first), counts by state, the unread inbox. Each item links to its record.
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import { lazy, startTransition, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText } from '../../components/text';
import { api, type Page } from '../../lib/api';
import { today as todayIn } from '../../lib/dates';
import type { Activity, Grant, Mou, Notification, Proposal } from '../../lib/types';
import { dueItems, horizon, type DueItem } from './due';

// recharts is big: the due list shows first, the charts follow.
const StateChart = lazy(() => import('./StateChart'));

/**
 * False until the page has rendered with its data: the charts then render as a transition, which React interrupts
 * to let the browser paint and answer input, where drawing them with the due list held the page still.
 */
function useAfterDataShown(shown: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (shown) startTransition(() => setAfter(true));
  }, [shown]);
  return after;
}

const list = <T,>(path: string, query: Record<string, string | number> = {}) => api.get<Page<T>>(path, { limit: 500, ...query }).then((p) => p.items);

/** The lists the dashboard is made of, as queries: main.tsx asks for them as the page loads (prefetchDashboard). */
export function dashboardQueries(today: string) {
  const until = horizon(today);
  return [
    { queryKey: ['mous', 'list', 'ending', until], queryFn: () => list<Mou>('/mous', { status: 'active', expiringBefore: until }) },
    { queryKey: ['mous', 'list', 'all'], queryFn: () => list<Mou>('/mous') },
    { queryKey: ['proposals', 'list', 'draft', until], queryFn: () => list<Proposal>('/proposals', { status: 'draft', deadlineBefore: until }) },
    {
      queryKey: ['proposals', 'list', 'revision', until],
      queryFn: () => list<Proposal>('/proposals', { status: 'revision-requested', deadlineBefore: until }),
    },
    { queryKey: ['proposals', 'list', 'all'], queryFn: () => list<Proposal>('/proposals') },
    { queryKey: ['activities', 'list', 'held'], queryFn: () => list<Activity>('/activities', { status: 'held' }) },
    { queryKey: ['grants', 'list', 'open'], queryFn: () => list<Grant & { endsOn?: string }>('/grants', { status: 'open' }) },
  ] as const;
}

/**
 * Starts the dashboard's lists while the session check and the frame are still on their way (they took 230-470 ms
 * before the dashboard itself asked). Without a session they come back 401, which sends the browser to sign in, as
 * the session check would.
 */
export function prefetchDashboard(client: QueryClient): void {
  for (const { queryKey, queryFn } of dashboardQueries(todayIn())) void client.prefetchQuery<unknown>({ queryKey, queryFn });
}

export default function Dashboard() {
  const { t } = useTranslation();
  const today = todayIn();
  const results = useQueries({ queries: dashboardQueries(today) });
  const pending = results.some((r) => r.isPending);
  const charts = useAfterDataShown(!pending);
  // asked alongside the lists, not once they have come
  const inbox = useInboxQuery();
  const failed = results.find((r) => r.isError);
  if (pending) return <Loading />;
  const [ending, allMous, drafts, revisions, allProposals, held, grants] = results.map((r) => r.data ?? []) as [
    Mou[],
    Mou[],
    Proposal[],
    Proposal[],
    Proposal[],
    Activity[],
    (Grant & { endsOn?: string })[],
  ];
  const items = dueItems(today, {
    endingMous: ending,
    activeMous: allMous.filter((m) => m.status === 'active'),
    openProposals: [...drafts, ...revisions],
    heldActivities: held,
    openGrants: grants,
  });

  return (
    <Stack>
      <Title order={1}>{t('dashboard.title')}</Title>
      {failed && <ProblemAlert error={failed.error} />}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('dashboard.due')}
        </Title>
        {items.length === 0 ? <Text>{t('dashboard.nothingDue')}</Text> : <DueTable items={items} />}
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('dashboard.mousByState')}
          </Title>
          <Suspense fallback={<Loading />}>{charts ? <StateChart items={allMous} /> : <Loading />}</Suspense>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t('dashboard.proposalsByState')}
          </Title>
          <Suspense fallback={<Loading />}>{charts ? <StateChart items={allProposals} /> : <Loading />}</Suspense>
        </Card>
      </SimpleGrid>
      <Inbox query={inbox} />
    </Stack>
  );
}

function DueTable({ items }: { items: DueItem[] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dashboard.when')}</Table.Th>
            <Table.Th>{t('dashboard.what')}</Table.Th>
            <Table.Th>{t('dashboard.item')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.key}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Badge color={i.window === 'overdue' ? 'red' : i.window === 7 ? 'orange' : i.window === 30 ? 'yellow' : 'gray'} variant="light" c="dark.8">
                    {i.window === 'overdue' ? t('dashboard.overdue') : i.window === 'later' ? t('dashboard.later') : t('dashboard.within', { days: i.window })}
                  </Badge>
                  <DateText value={i.due} />
                </Group>
              </Table.Td>
              <Table.Td>{t(`dashboard.kind.${i.kind}`)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={i.link}>
                  {i.title}
                </Anchor>
                {i.detail && (
                  <Text size="xs" c="dimmed">
                    {i.detail}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The user's own in-app inbox and their teams' (unread = `sent`, not yet acknowledged). */
function useInboxQuery() {
  const { user } = useSession();
  const recipients = [...new Set(['me', ...(user?.teams ?? []).flatMap((team) => [team, team.toLowerCase()])])];
  return useQuery({
    queryKey: ['notifications', 'unread', recipients],
    queryFn: async () => {
      const pages = await Promise.all(
        recipients.map((recipient) => list<Notification>('/notifications', { recipient, channel: 'in-app', status: 'sent', limit: 20 })),
      );
      const seen = new Map<string, Notification>();
      for (const n of pages.flat()) seen.set(n.id, n);
      return [...seen.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  });
}

function Inbox({ query }: { query: ReturnType<typeof useInboxQuery> }) {
  const { t } = useTranslation();
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('dashboard.unread')}
      </Title>
      {query.isError && <ProblemAlert error={query.error} />}
      {query.data?.length === 0 && <Text>{t('dashboard.noUnread')}</Text>}
      <Stack gap="xs">
        {query.data?.map((n) => (
          <div key={n.id}>
            {n.link ? (
              <Anchor component={Link} to={`/${n.link.resource}/${n.link.id}`}>
                {n.subject}
              </Anchor>
            ) : (
              <Text>{n.subject}</Text>
            )}
            <Text size="xs" c="dimmed">
              <DateText value={n.createdAt} time /> · {n.recipient}
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
