import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DateText } from '../components/text';
import type { AsOf } from './AsOfControl';

/** Marks a page that shows a record as it stood, not as it is. */
export function PastBanner({ asOf, version, onNow }: { asOf: AsOf; version: number | undefined; onNow(): void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="filled" title={t('asOf.pastTitle')} role="status">
      {asOf.date ? (
        <>
          {t('asOf.pastOnDate')} <DateText value={asOf.date} />
        </>
      ) : null}{' '}
      {version !== undefined ? t('common.version', { version }) : ''}. {t('asOf.pastNote')}
      <div>
        <Button mt="xs" size="xs" variant="white" color="orange" onClick={onNow}>
          {t('asOf.now')}
        </Button>
      </div>
    </Alert>
  );
}
