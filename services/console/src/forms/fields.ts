import { kpisFromRows, parseKpiRows } from './kpi-rows';

// A command's form described as data, so every command of every page is built and validated the same way.
export type FieldKind = 'text' | 'textarea' | 'number' | 'integer' | 'date' | 'datetime' | 'select' | 'multiselect' | 'lines' | 'kpis' | 'switch';
// `multiselect` keeps its picks as lines of the form value (ids have no newline) and is sent as a list, like `lines`.
// `switch` is 'true' when on and is always sent, as true or false (off is a choice too: "open to all").

export interface FieldSpec {
  /** The body path the API names in `errors[].path` (e.g. `kpiId`, `parties[0].organisationId`). */
  name: string;
  /** i18n key */
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: { value: string; label: string }[];
  /** i18n key of a hint under the field */
  hint?: string;
  initial?: string;
}

export type FormValues = Record<string, string>;

/**
 * The request body from what was typed: numbers as numbers, `lines` as a list, empty optional fields left out, and
 * dates typed in a date-time field sent as instants. Type checks beyond that are the API's, shown beside the field.
 */
export function bodyFrom(fields: FieldSpec[], values: FormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = (values[field.name] ?? '').trim();
    if (field.kind === 'switch') {
      body[field.name] = raw === 'true';
      continue;
    }
    if (raw === '') continue;
    switch (field.kind) {
      case 'number':
      case 'integer':
        body[field.name] = Number.isNaN(Number(raw)) ? raw : Number(raw);
        break;
      case 'lines':
      case 'multiselect':
        body[field.name] = raw
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        break;
      case 'kpis':
        body[field.name] = kpisFromRows(parseKpiRows(raw));
        break;
      case 'datetime':
        body[field.name] = Number.isNaN(Date.parse(raw)) ? raw : new Date(raw).toISOString();
        break;
      default:
        body[field.name] = raw;
    }
  }
  return body;
}
