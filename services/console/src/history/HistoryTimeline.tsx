// Every event of one record, oldest first: what changed in words, who, when it happened and when it was recorded,
// why; the raw JSON behind a toggle. Pages through the API's cursor.
import { Anchor, Button, Code, Stack, Text, Timeline } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RecordLoadError } from '../components/RecordLoadError';
import { DateText } from '../components/text';
import { Loading } from '../components/Loading';
import { useLang } from '../i18n';
import { NAV_ITEMS } from '../layout/nav';
import { api, type Page } from '../lib/api';
import type { HistoryEntry } from '../lib/types';
import { describeEvent } from './describe';

export function HistoryTimeline({ resource, id }: { resource: string; id: string }) {
  const { t } = useTranslation();
  const query = useInfiniteQuery({
    queryKey: [resource, id, 'history'],
    queryFn: ({ pageParam }) => api.get<Page<HistoryEntry>>(`/${resource}/${id}/history`, { limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (query.isPending) return <Loading />;
  // A 404 here is an unknown id or another team's confidential record: the same page as the record's own.
  if (query.isError)
    return (
      <RecordLoadError
        error={query.error}
        listPath={`/${resource}`}
        listLabel={NAV_ITEMS.find((n) => n.to === `/${resource}`)?.label ?? 'nav.dashboard'}
        order={2}
      />
    );
  const entries = query.data.pages.flatMap((p) => p.items);
  return (
    <Stack>
      <Timeline bulletSize={22} lineWidth={2} active={entries.length}>
        {entries.map((entry) => (
          <Timeline.Item key={entry.eventId} bullet={<Text size="xs">{entry.version}</Text>} title={<EventTitle entry={entry} />}>
            <EventDetails entry={entry} resource={resource} id={id} />
          </Timeline.Item>
        ))}
      </Timeline>
      {query.hasNextPage && (
        <Button variant="default" onClick={() => query.fetchNextPage()} loading={query.isFetchingNextPage}>
          {t('common.more')}
        </Button>
      )}
    </Stack>
  );
}

function EventTitle({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const lang = useLang();
  return <Text fw={600}>{describeEvent(entry, t, lang)}</Text>;
}

function EventDetails({ entry, resource, id }: { entry: HistoryEntry; resource: string; id: string }) {
  const { t } = useTranslation();
  const [raw, { toggle }] = useDisclosure(false);
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {t('history.who')}: {entry.actor} · {t('history.occurred')}: <DateText value={entry.occurredAt} time /> · {t('history.recorded')}:{' '}
        <DateText value={entry.recordedAt} time />
      </Text>
      <Text size="sm">
        {t('history.why')}: {entry.reason ?? <em>{t('history.noReason')}</em>}
      </Text>
      <Text size="sm">
        <Anchor component={Link} to={`/${resource}/${id}?version=${entry.version}`}>
          {t('history.viewAtVersion', { version: entry.version })}
        </Anchor>
        {' · '}
        <Anchor component="button" type="button" onClick={toggle} aria-expanded={raw}>
          {raw ? t('history.hideRaw') : t('history.showRaw')}
        </Anchor>
      </Text>
      {raw && <Code block>{JSON.stringify(entry, null, 2)}</Code>}
    </Stack>
  );
}
