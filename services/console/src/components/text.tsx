// Small read-only pieces every page shows: dates, money, a state as a coloured badge, an organisation's name.
import { Anchor, Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../i18n';
import { api } from '../lib/api';
import { formatDate, formatDateTime, formatMoney, type Money } from '../lib/format';
import type { Organisation } from '../lib/types';

export function DateText({ value, time }: { value: string | null | undefined; time?: boolean }) {
  const lang = useLang();
  if (!value) return <>—</>;
  return <time dateTime={value}>{time ? formatDateTime(value, lang) : formatDate(value, lang)}</time>;
}

export function MoneyText({ value }: { value: Money | null | undefined }) {
  const lang = useLang();
  return <>{value ? formatMoney(value, lang) : '—'}</>;
}

/** Several currencies side by side (the API keeps one total per currency). */
export function MoneyList({ values }: { values: Money[] }) {
  const lang = useLang();
  return <>{values.length ? values.map((m) => formatMoney(m, lang)).join(' + ') : formatMoney({ amount: 0, currency: 'THB' }, lang)}</>;
}

const STATUS_COLOURS: Record<string, string> = {
  draft: 'gray',
  'awaiting-signatures': 'yellow',
  signed: 'cyan',
  active: 'green',
  expired: 'orange',
  terminated: 'red',
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  'revision-requested': 'yellow',
  withdrawn: 'gray',
  open: 'blue',
  planned: 'blue',
  completed: 'green',
  cancelled: 'gray',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    // Tinted background, dark text: the colour helps, the contrast stays above 4.5:1 whatever the colour.
    // never cut to "TERMINA…": a state is read, not guessed (the cell grows instead)
    <Badge color={STATUS_COLOURS[status] ?? 'gray'} variant="light" c="dark.8" maw="none" style={{ flexShrink: 0 }} styles={{ label: { overflow: 'visible' } }}>
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}

export function useOrganisation(id: string | null | undefined) {
  return useQuery({ queryKey: ['organisations', id], queryFn: () => api.get<Organisation>(`/organisations/${id}`), enabled: !!id, staleTime: 300_000 });
}

/** An organisation's name in the interface's language when it has one, as a link to its page. */
export function OrgName({ id, link = true }: { id: string; link?: boolean }) {
  const lang = useLang();
  const { data } = useOrganisation(id);
  const name = data ? (lang === 'en' && data.nameEn ? data.nameEn : data.name) : id.slice(0, 8);
  return link ? (
    <Anchor component={Link} to={`/organisations/${id}`}>
      {name}
    </Anchor>
  ) : (
    <>{name}</>
  );
}
