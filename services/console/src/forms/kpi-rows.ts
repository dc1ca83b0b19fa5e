// KPI rows as a command form holds them (JSON in one string value) and as the API takes them (`kpis`).
export interface KpiRow {
  id?: string;
  name: string;
  target: string;
  unit: string;
  owner?: string | null;
  dueOn?: string | null;
}

export function parseKpiRows(value: string): KpiRow[] {
  return value ? (JSON.parse(value) as KpiRow[]) : [];
}

/** The API's `kpis` list from the rows: target as a number, an empty unit left out. */
export function kpisFromRows(rows: KpiRow[]): Record<string, unknown>[] {
  return rows.map(({ id, name, target, unit, owner, dueOn }) => ({
    ...(id && { id }),
    name: name.trim(),
    target: target.trim() === '' || Number.isNaN(Number(target)) ? target : Number(target),
    ...(unit.trim() && { unit: unit.trim() }),
    ...(owner && { owner }),
    ...(dueOn && { dueOn }),
  }));
}
