import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('errors.pageNotFound')}</Title>
      <Text>
        <Anchor component={Link} to="/">
          {t('errors.goHome')}
        </Anchor>
      </Text>
    </Stack>
  );
}
