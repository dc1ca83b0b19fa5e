import type { StoredEventJson } from '@pmt/event-store';
import { hashedFields, jsonString, spreadsheetSafe, type HashedFields } from '@pmt/kernel';

export type ExportFormat = 'json' | 'csv';

/** The format tag of the JSON export; an offline verifier checks it before anything else. */
export const EXPORT_FORMAT = 'pmt.history-export/1';

export const CSV_COLUMNS = [
  'version',
  'type',
  'schemaVersion',
  'eventId',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'reason',
  'data',
  'hash',
] as const;

export interface ExportHead {
  resourceType: string;
  resourceId: string;
  stream: string;
  exportedAt: string;
}

/**
 * The start of the file. JSON: every top-level key before the events, then `"events":[`; the caller closes
 * the array and adds the trailer's keys. CSV: a BOM (so spreadsheet programs read Thai text as UTF-8) and
 * the header row.
 */
export function exportPreamble(format: ExportFormat, head: ExportHead): string {
  if (format === 'csv') return '\ufeff' + CSV_COLUMNS.join(',') + '\r\n';
  const keys = { format: EXPORT_FORMAT, ...head };
  return (
    '{' +
    Object.entries(keys)
      .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join(',\n') +
    ',\n"events":[\n'
  );
}

/**
 * The end of a JSON file: the events array closed, then the trailer's keys (verification, seal, proof,
 * publicKeyId, publicKey, attestation) at the top level, in the trailer's order. The offline verifier
 * re-renders the file in exactly this layout, so that no byte of it goes unchecked.
 */
export function exportClosing(trailer: Record<string, unknown>): string {
  return (
    '\n]' +
    Object.entries(trailer ?? {})
      .map(([k, v]) => `,\n${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join('') +
    '\n}\n'
  );
}

/** A whole JSON export in one string, for tests and tools: what the gateway streams, piece by piece. */
export function renderJsonExport(head: ExportHead, entries: readonly unknown[], trailer: Record<string, unknown>): string {
  return exportPreamble('json', head) + entries.map((e) => JSON.stringify(e)).join(',\n') + exportClosing(trailer);
}

/**
 * One event as it appears in the file, with the separator before it: one JSON entry per line, or one CSV row.
 * The JSON entry is JSON.stringify of the history entry (keys in HistoryEntry's order) written from the columns,
 * with the stored data text put in as it is: it is JSON already, so nothing is parsed and written again.
 */
export function exportRow(format: ExportFormat, e: StoredEventJson, fields?: HashedFields): string {
  if (format === 'json') {
    // the fields as JSON, the same texts the chain check hashes (export-chain.ts), so each is escaped once
    const f = fields ?? hashedFields(e);
    return (
      (e.streamVersion === 1 ? '' : ',\n') +
      '{"version":' +
      f.streamVersion +
      ',"type":' +
      f.type +
      ',"schemaVersion":' +
      f.schemaVersion +
      ',"eventId":' +
      f.id +
      ',"occurredAt":' +
      f.occurredAt +
      ',"recordedAt":' +
      f.recordedAt +
      ',"actor":' +
      f.actor +
      ',"correlationId":' +
      f.correlationId +
      ',"causationId":' +
      f.causationId +
      ',"reason":' +
      f.reason +
      ',"data":' +
      e.dataJson +
      ',"hash":' +
      jsonString(e.hash) +
      '}'
    );
  }
  const cells = [
    e.streamVersion,
    e.type,
    e.schemaVersion,
    e.id,
    e.occurredAt,
    e.recordedAt,
    e.actor,
    e.correlationId,
    e.causationId,
    e.reason ?? null,
    e.dataJson,
    e.hash,
  ];
  return cells.map((c) => csvCell(spreadsheetSafe(c))).join(',') + '\r\n';
}

/**
 * RFC 4180 quoting: a cell with a quote, comma or line break is quoted, its quotes doubled. Written here
 * rather than with csv-stringify because that takes ~7 µs a row, which alone would halve the export rate.
 */
function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
