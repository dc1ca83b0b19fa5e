import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center p="xl">
      {/* a role, so that its label is allowed (axe: aria-prohibited-attr) and screen readers hear it */}
      <Loader role="status" aria-label={t('app.loading')} />
    </Center>
  );
}
