// Organisations as choices for a form's select, named in the interface's language.
import { useQuery } from '@tanstack/react-query';
import { useLang } from '../../i18n';
import { api, type Page } from '../../lib/api';
import type { Organisation } from '../../lib/types';

export function useOrgOptions(): { value: string; label: string }[] {
  const lang = useLang();
  const { data } = useQuery({ queryKey: ['organisations', 'all'], queryFn: () => api.get<Page<Organisation>>('/organisations', { limit: 500 }) });
  return (data?.items ?? []).map((o) => ({ value: o.id, label: lang === 'en' && o.nameEn ? o.nameEn : o.name }));
}
