// KPI rows (name, target, unit) inside a command form, for revising an MOU's terms. The rows travel as JSON in the
// form's one string value; `bodyFrom` turns them into the API's `kpis` list. A row keeps its KPI's id (and owner and
// due date, not edited here) so progress already reported stays with it.
import { Button, Fieldset, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { parseKpiRows, type KpiRow } from './kpi-rows';

export function KpiRows({ label, value, onChange, error }: { label: string; value: string; onChange(value: string): void; error?: string }) {
  const { t } = useTranslation();
  const rows = parseKpiRows(value);
  const save = (next: KpiRow[]) => onChange(JSON.stringify(next));
  const set = (i: number, patch: Partial<KpiRow>) => save(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Fieldset legend={label}>
      <Stack>
        {rows.map((k, i) => (
          <Group key={i} align="flex-end" grow wrap="wrap">
            <TextInput label={t('mou.kpiName', { n: i + 1 })} required value={k.name} onChange={(e) => set(i, { name: e.currentTarget.value })} />
            <NumberInput label={t('mou.kpiTarget')} required value={k.target} onChange={(v) => set(i, { target: String(v) })} />
            <TextInput label={t('mou.kpiUnit')} value={k.unit} onChange={(e) => set(i, { unit: e.currentTarget.value })} />
            <Button variant="subtle" color="red" onClick={() => save(rows.filter((_, j) => j !== i))}>
              {t('mou.removeKpi', { n: i + 1 })}
            </Button>
          </Group>
        ))}
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button variant="default" w="fit-content" onClick={() => save([...rows, { name: '', target: '', unit: '' }])}>
          {t('mou.addKpi')}
        </Button>
      </Stack>
    </Fieldset>
  );
}
