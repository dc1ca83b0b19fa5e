// Explains a failed request in words: 409 says which state refused, 412 offers to reload the stale page.
import { Alert, Button, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

export function ProblemAlert({ error, onReload, extra }: { error: unknown; onReload?: () => void; extra?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  let message: string;
  if (!api) message = t('errors.network');
  else if (api.isStale) message = t('errors.stale');
  else if (api.isConflict) message = t('errors.conflict', { detail: api.problem.detail ?? api.problem.title ?? '' });
  else if (api.status === 404) message = t('errors.notFound');
  // A role refusal is the console's to word; any other 403 is a rule of the record (only its lead team may…), which the API words.
  else if (api.status === 403) message = api.problem.code === 'AUTH.FORBIDDEN' || !api.problem.detail ? t('errors.forbidden') : api.problem.detail;
  else if (api.status === 400 || api.status === 422) message = t('errors.invalid');
  else message = api.problem.detail ?? api.problem.title ?? api.message;
  return (
    <Alert color={api?.isStale ? 'yellow' : 'red'} title={t('errors.title')} role="alert">
      {message}
      {extra && extra.length > 0 && (
        <List size="sm" mt="xs">
          {extra.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
      {api?.isStale && (
        <Button mt="sm" size="xs" variant="light" onClick={onReload ?? (() => window.location.reload())}>
          {t('errors.reload')}
        </Button>
      )}
    </Alert>
  );
}
