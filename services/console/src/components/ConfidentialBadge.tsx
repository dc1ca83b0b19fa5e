// Marks a confidential record (only its lead team, admins and auditors see it) in lists and on its page.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function ConfidentialBadge({ record }: { record: { confidential?: boolean } | null | undefined }) {
  const { t } = useTranslation();
  if (!record?.confidential) return null;
  return (
    // role="img": a screen reader reads the whole label (who may see it), not just the one word the badge shows
    <Badge
      color="grape"
      variant="light"
      c="dark.8"
      maw="none"
      role="img"
      aria-label={t('confidential.badge')}
      title={t('confidential.badge')}
      style={{ flexShrink: 0 }}
      styles={{ label: { overflow: 'visible' } }}
    >
      {t('confidential.label')}
    </Badge>
  );
}
