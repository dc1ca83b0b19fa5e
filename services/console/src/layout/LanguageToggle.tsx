import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLang, useLang } from '../i18n';
import type { Lang } from '../lib/format';

export function LanguageToggle() {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={lang}
      onChange={(value) => changeLang(value as Lang)}
      data={[
        { value: 'th', label: 'ไทย' },
        { value: 'en', label: 'English' },
      ]}
    />
  );
}
