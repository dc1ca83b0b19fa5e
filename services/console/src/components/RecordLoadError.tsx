// What a record page shows when its record cannot be read. A 404 is a page of its own: the API answers the same for an
// id that does not exist and for a confidential record of another team, so the words cover both and reveal neither.
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../lib/api';
import { ProblemAlert } from './ProblemAlert';

/** `order`: the heading's level, 2 where the page has its own title (the history page). */
export function RecordLoadError({ error, listPath, listLabel, order = 1 }: { error: unknown; listPath: string; listLabel: string; order?: 1 | 2 }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 404) return <ProblemAlert error={error} />;
  return (
    <Stack>
      <Title order={order}>{t('errors.recordNotFound')}</Title>
      <Text>{t('errors.recordNotFoundText')}</Text>
      <Text>
        <Anchor component={Link} to={listPath}>
          {t('errors.backToList')}: {t(listLabel)}
        </Anchor>
      </Text>
    </Stack>
  );
}
