/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return before one) as a
 * formula, so an event's `reason` could become a live link or command in an auditor's spreadsheet. Such text is
 * prefixed with an apostrophe, which spreadsheets show as plain text; numbers stay numbers.
 */
export function spreadsheetSafe(value: unknown): string | number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;
