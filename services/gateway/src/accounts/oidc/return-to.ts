/**
 * Where the callback may send the browser: a path on this site only. Anything else (another origin, a
 * protocol-relative `//host`, a backslash some browsers read as a slash, control characters) becomes `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  if ([...value].some((c) => c < ' ' || c === '\u007f')) return '/';
  return value;
}
