// `/notifications`: the user's in-app inbox and their teams' (a team's inbox is named after the team), unread first;
// acknowledge one, or every unread one shown.
import { Anchor, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../auth/session';
import { Loading } from '../../components/Loading';
import { ProblemAlert } from '../../components/ProblemAlert';
import { DateText } from '../../components/text';
import { api, type Page } from '../../lib/api';

interface InboxItem {
  id: string;
  version: number;
  recipient: string;
  subject: string;
  body: string;
  topic: string;
  status: string;
  link: { resource: string; id: string } | null;
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** The API's resource names are the console's paths (`mous`, `proposals`); a singular one gets its plural. */
function linkTo(link: InboxItem['link']): string | null {
  if (!link) return null;
  const resource = link.resource.endsWith('s') ? link.resource : `${link.resource}s`;
  return `/${resource}/${link.id}`;
}

export default function Inbox() {
  const { t } = useTranslation();
  const { user } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const show = params.get('show') === 'all' ? 'all' : 'unread';
  const inboxes = ['me', ...(user?.teams ?? [])];
  const queries = useQueries({
    queries: inboxes.map((recipient) => ({
      queryKey: ['notifications', recipient, show],
      queryFn: () => api.get<Page<InboxItem>>('/notifications', { recipient, channel: 'in-app', status: show === 'unread' ? 'sent' : undefined, limit: 200 }),
    })),
  });
  const acknowledge = useMutation({
    mutationFn: async (items: InboxItem[]) => {
      // one after another: each is its own command with its own version
      for (const item of items) await api.post(`/notifications/${item.id}/acknowledge`, {}, item.version);
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['notifications'] }),
  });

  const pending = queries.some((q) => q.isPending);
  const failed = queries.find((q) => q.isError);
  const items = queries
    .flatMap((q) => q.data?.items ?? [])
    .filter((n, i, all) => all.findIndex((m) => m.id === n.id) === i)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const unread = items.filter((n) => n.status === 'sent');

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('inbox.title')}</Title>
        <Button onClick={() => acknowledge.mutate(unread)} disabled={unread.length === 0} loading={acknowledge.isPending}>
          {t('inbox.acknowledgeAll', { count: unread.length })}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('inbox.whose', { teams: (user?.teams ?? []).join(', ') || t('common.none') })}
      </Text>
      <SegmentedControl
        aria-label={t('inbox.show')}
        w="fit-content"
        value={show}
        onChange={(v) =>
          setParams((p) => {
            if (v === 'all') p.set('show', 'all');
            else p.delete('show');
            return p;
          })
        }
        data={[
          { value: 'unread', label: t('inbox.unread') },
          { value: 'all', label: t('inbox.all') },
        ]}
      />
      {acknowledge.error ? <ProblemAlert error={acknowledge.error} onReload={() => client.invalidateQueries({ queryKey: ['notifications'] })} /> : null}
      {pending ? (
        <Loading />
      ) : failed ? (
        <ProblemAlert error={failed.error} />
      ) : items.length === 0 ? (
        <Text>{t('inbox.empty')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((n) => {
            const to = linkTo(n.link);
            return (
              <Card key={n.id} withBorder component="li" padding="sm">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={2}>
                    <Text fw={n.status === 'sent' ? 700 : 400}>
                      {to ? (
                        <Anchor component={Link} to={to}>
                          {n.subject}
                        </Anchor>
                      ) : (
                        n.subject
                      )}
                    </Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {n.body}
                    </Text>
                    <Text size="xs" c="dimmed">
                      <DateText value={n.createdAt} time /> · {n.recipient === user?.sub ? t('inbox.forYou') : t('inbox.forTeam', { team: n.recipient })}
                      {n.acknowledgedAt && (
                        <>
                          {' · '}
                          {t('inbox.acknowledgedBy', { who: n.acknowledgedBy ?? '' })} <DateText value={n.acknowledgedAt} time />
                        </>
                      )}
                    </Text>
                  </Stack>
                  {n.status === 'sent' && (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => acknowledge.mutate([n])}
                      aria-label={t('inbox.acknowledgeNamed', { subject: n.subject })}
                    >
                      {t('inbox.acknowledge')}
                    </Button>
                  )}
                </Group>
              </Card>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
