// Runs the hash-chain check of one record and says valid, or which version first fails.
import { Badge, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import type { Verification } from '../lib/types';

export function VerifyBadge({ resource, id }: { resource: string; id: string }) {
  const { t } = useTranslation();
  const { data, isPending, isError } = useQuery({
    queryKey: [resource, id, 'verify'],
    queryFn: () => api.get<Verification>(`/${resource}/${id}/history/verify`),
  });
  if (isPending) return <Badge color="gray">{t('verify.checking')}</Badge>;
  if (isError || !data) return <Badge color="gray">{t('verify.unavailable')}</Badge>;
  const label = data.valid ? t('verify.valid', { count: data.events }) : t('verify.invalid', { version: data.firstInvalidVersion });
  return (
    <Tooltip label={data.sealedVersion ? t('verify.sealed', { version: data.sealedVersion }) : t('verify.notSealed')}>
      <Badge color={data.valid ? 'green' : 'red'} variant="light" c="dark.8" role="status">
        {data.valid ? '✓ ' : '✗ '}
        {label}
      </Badge>
    </Tooltip>
  );
}
