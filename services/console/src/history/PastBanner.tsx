import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateText } from '../components/text';
import type { AsOf } from './AsOfControl';

/** Marks a page that shows a record as it stood, not as it is. */
export function PastBanner({ asOf, version, onNow }: { asOf: AsOf; version: number | undefined; onNow(): void }) {
  const { t } = useTranslation();
  return (
    // A wide orange edge and tint mark the past view; the text stays dark for contrast.
    <Alert
      color="orange"
      variant="light"
      c="dark.9"
      title={t('asOf.pastTitle')}
      role="status"
      style={{ borderLeft: '8px solid var(--mantine-color-orange-6)' }}
      styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
    >
      {asOf.date ? (
        <>
          {t('asOf.pastOnDate')} <DateText value={asOf.date} />
        </>
      ) : null}{' '}
      {version !== undefined ? t('common.version', { version }) : ''}. {t('asOf.pastNote')}
      <div>
        <Button mt="xs" size="xs" variant="default" onClick={onNow}>
          {t('asOf.now')}
        </Button>
      </div>
    </Alert>
  );
}
