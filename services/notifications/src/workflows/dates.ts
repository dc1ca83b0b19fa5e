/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * `{ amount, currency }` in minor units as people read it, e.g. `1,500,000.00 THB`, by integer arithmetic (no
 * float ever holds the money); the currency's minor digits come from Intl.
 */
export function formatMoney(m: unknown): string {
  const { amount, currency } = (m ?? {}) as { amount?: unknown; currency?: unknown };
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || typeof currency !== 'string') return '-';
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // an unknown code: two digits, the common case
  }
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}${digits ? `.${text.slice(text.length - digits)}` : ''} ${currency}`;
}
