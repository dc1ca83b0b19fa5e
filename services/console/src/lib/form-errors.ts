// The API names a bad field by its path in the request body (`parties[1].organisationId`); a form names its inputs
// the same way, so each message can stand beside its input. Errors no input claims are shown above the form.
export interface FieldError {
  path: string;
  message: string;
}

export interface FormErrors {
  /** field name -> message, for inputs the form has */
  fields: Record<string, string>;
  /** messages no input of the form owns (shown as a list above the buttons) */
  other: string[];
}

/** `parties.1.organisationId`, `/parties/1/organisationId` and `parties[1].organisationId` are the same field. */
export function normalisePath(path: string): string {
  return path
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]')
    .replace(/^body\./, '');
}

/**
 * Gives each API error to the most specific form field that covers it: an exact match first, then the nearest
 * enclosing field (`kpis[0]` owns `kpis[0].target` when the form has no input for target), then `other`.
 */
export function mapFieldErrors(errors: FieldError[] | undefined, fieldNames: string[]): FormErrors {
  const result: FormErrors = { fields: {}, other: [] };
  const known = new Set(fieldNames.map(normalisePath));
  for (const error of errors ?? []) {
    let path = normalisePath(error.path);
    while (path && !known.has(path)) path = parentOf(path);
    if (path) result.fields[path] = result.fields[path] ? `${result.fields[path]}; ${error.message}` : error.message;
    else result.other.push(`${error.path}: ${error.message}`);
  }
  return result;
}

function parentOf(path: string): string {
  const bracket = path.lastIndexOf('[');
  const dot = path.lastIndexOf('.');
  const cut = Math.max(bracket, dot);
  return cut > 0 ? path.slice(0, cut) : '';
}
