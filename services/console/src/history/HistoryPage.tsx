// `/<resource>/{id}/history` for any resource: verify badge, export links, timeline and the diff between two dates.
import { Anchor, Group, Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiUrl } from '../lib/api';
import { DiffView } from './DiffView';
import { HistoryTimeline } from './HistoryTimeline';
import { VerifyBadge } from './VerifyBadge';

export function ExportLinks({ resource, id }: { resource: string; id: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm">
      <Anchor href={apiUrl(`/${resource}/${id}/history/export`, { format: 'json' })} download>
        {t('history.exportJson')}
      </Anchor>
      <Anchor href={apiUrl(`/${resource}/${id}/history/export`, { format: 'csv' })} download>
        {t('history.exportCsv')}
      </Anchor>
    </Group>
  );
}

export default function HistoryPage({ resource }: { resource: string }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <Stack>
      <Anchor component={Link} to={`/${resource}/${id}`}>
        ← {t('history.backToRecord')}
      </Anchor>
      <Group justify="space-between">
        <Title order={1}>{t('history.title')}</Title>
        <VerifyBadge resource={resource} id={id} />
      </Group>
      <ExportLinks resource={resource} id={id} />
      <Tabs defaultValue="timeline" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="timeline">{t('history.timeline')}</Tabs.Tab>
          <Tabs.Tab value="diff">{t('diff.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="timeline" pt="md">
          <HistoryTimeline resource={resource} id={id} />
        </Tabs.Panel>
        <Tabs.Panel value="diff" pt="md">
          <DiffView resource={resource} id={id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
