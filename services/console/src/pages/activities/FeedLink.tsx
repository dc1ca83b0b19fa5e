// Subscribing to the iCalendar feed: a calendar app cannot send the session cookie, so the console asks the gateway for
// a feed key (POST /calendar/feed-tokens) and shows the URL with it once, to copy into the calendar app.
import { Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { api } from '../../lib/api';

interface FeedToken {
  id: string;
  token: string;
  url: string;
}

export function FeedLink() {
  const { t } = useTranslation();
  const make = useMutation({ mutationFn: () => api.post<FeedToken>('/calendar/feed-tokens', { label: t('activity.feedLabel') }) });
  const url = make.data ? new URL(make.data.url, window.location.origin).toString() : null;
  return (
    <Stack gap="xs">
      {!url && (
        <Group>
          <Button variant="default" size="sm" onClick={() => make.mutate()} loading={make.isPending}>
            {t('activity.subscribe')}
          </Button>
        </Group>
      )}
      {make.error ? <ProblemAlert error={make.error} /> : null}
      {url && (
        <Card withBorder component="section" aria-labelledby="feed-ready">
          <Title order={2} size="h5" id="feed-ready">
            {t('activity.feedReady')}
          </Title>
          <Text size="sm">{t('activity.feedOnce')}</Text>
          <Group gap="xs" mt="xs" align="flex-end">
            <TextInput label={t('activity.feedUrl')} value={url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={url}>
              {({ copied, copy }) => (
                <Button size="sm" variant="default" onClick={copy}>
                  {copied ? t('activity.copied') : t('activity.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Card>
      )}
    </Stack>
  );
}
