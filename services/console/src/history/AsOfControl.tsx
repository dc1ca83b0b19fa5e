// Pick a past date or version; the page then shows the record as it stood (the API rebuilds it from events).
import { Button, Group, NumberInput, SegmentedControl, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface AsOf {
  /** a calendar date (the record as it stood at the end of that office day) */
  date?: string;
  version?: number;
}

/** The end of an office (Bangkok) day as the instant the API's `asOf` wants. */
export function endOfOfficeDay(date: string): string {
  return new Date(`${date}T23:59:59.999+07:00`).toISOString();
}

/** `?asOf=`/`?version=` query of the history endpoint for a choice, or null for "now". */
export function asOfQuery(asOf: AsOf): Record<string, string> | null {
  if (asOf.version !== undefined) return { version: String(asOf.version) };
  if (asOf.date) return { asOf: endOfOfficeDay(asOf.date) };
  return null;
}

export function AsOfControl({ value, onChange, maxVersion }: { value: AsOf; onChange(next: AsOf): void; maxVersion?: number }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'date' | 'version'>(value.version !== undefined ? 'version' : 'date');
  const [date, setDate] = useState(value.date ?? '');
  const [version, setVersion] = useState<string>(value.version !== undefined ? String(value.version) : '');
  const past = value.date !== undefined || value.version !== undefined;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'date' && date) onChange({ date });
    if (mode === 'version' && version !== '' && Number(version) >= 1) onChange({ version: Number(version) });
  };

  return (
    <form onSubmit={apply} aria-label={t('asOf.title')}>
      <Group align="flex-end" gap="xs" wrap="wrap">
        <SegmentedControl
          size="xs"
          aria-label={t('asOf.mode')}
          value={mode}
          onChange={(m) => setMode(m as 'date' | 'version')}
          data={[
            { value: 'date', label: t('asOf.byDate') },
            { value: 'version', label: t('asOf.byVersion') },
          ]}
        />
        {mode === 'date' ? (
          <TextInput size="xs" type="date" label={t('asOf.date')} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        ) : (
          <NumberInput
            size="xs"
            label={t('asOf.version')}
            min={1}
            max={maxVersion}
            allowDecimal={false}
            value={version}
            onChange={(v) => setVersion(String(v))}
          />
        )}
        <Button size="xs" type="submit">
          {t('asOf.show')}
        </Button>
        {past && (
          <Button size="xs" variant="default" onClick={() => onChange({})}>
            {t('asOf.now')}
          </Button>
        )}
      </Group>
    </form>
  );
}
