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
  else if (api.status === 403) message = t('errors.forbidden');
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
