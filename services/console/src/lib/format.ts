// Dates and money for people. Thai shows the Buddhist Era with Thai month names; English shows Gregorian.
// Money arrives as integer minor units and never passes through a float: the decimal string is built with BigInt
// and handed to Intl.NumberFormat, which formats decimal strings exactly.
export type Lang = 'th' | 'en';

const DATE_LOCALE: Record<Lang, string> = { th: 'th-TH-u-ca-buddhist', en: 'en-GB' };
const NUMBER_LOCALE: Record<Lang, string> = { th: 'th-TH', en: 'en-GB' };
/** The API counts office days in Bangkok; instants are shown in that zone too, whatever the browser's. */
export const OFFICE_TIME_ZONE = 'Asia/Bangkok';
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface DateOptions {
  /** IANA zone for instants (the office's, Bangkok, when absent). Calendar dates (2025-01-07) never shift. */
  timeZone?: string;
  withTime?: boolean;
}

/** `2025-01-07` -> "7 มกราคม 2568" (th) or "7 January 2025" (en); an instant also shows its time with `withTime`. */
export function formatDate(value: string | null | undefined, lang: Lang, options: DateOptions = {}): string {
  if (!value) return '';
  const calendarDate = CALENDAR_DATE.test(value);
  const date = new Date(calendarDate ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const withTime = options.withTime && !calendarDate;
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: calendarDate ? 'UTC' : (options.timeZone ?? OFFICE_TIME_ZONE),
  }).format(date);
}

export function formatDateTime(value: string | null | undefined, lang: Lang, timeZone?: string): string {
  return formatDate(value, lang, { withTime: true, timeZone });
}

export interface Money {
  amount: number | string | bigint;
  currency: string;
}

/** How many minor units a currency has (THB 2, JPY 0), as Intl knows it. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Integer minor units -> exact decimal string: 123456789 THB -> "1234567.89". */
export function minorToDecimal(amount: number | string | bigint, digits: number): string {
  if (typeof amount === 'number' && !Number.isSafeInteger(amount)) throw new Error(`money amount must be an integer of minor units, got ${amount}`);
  const units = BigInt(amount);
  const negative = units < 0n;
  const abs = (negative ? -units : units).toString().padStart(digits + 1, '0');
  const major = abs.slice(0, abs.length - digits);
  const minor = abs.slice(abs.length - digits);
  return `${negative ? '-' : ''}${major}${digits > 0 ? `.${minor}` : ''}`;
}

/** Exact decimal string -> integer minor units (what forms send): "1,234.5" THB -> 123450. Null when not a number. */
export function decimalToMinor(text: string, digits: number): bigint | null {
  const clean = text.replace(/[,\s]/g, '');
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(clean);
  if (!match || (match[2] === '' && !match[3])) return null;
  const fraction = match[3] ?? '';
  if (fraction.length > digits) return null;
  const units = BigInt(`${match[2] || '0'}${fraction.padEnd(digits, '0')}`);
  return match[1] ? -units : units;
}

export function formatMoney(money: Money | null | undefined, lang: Lang): string {
  if (!money) return '';
  const digits = minorDigits(money.currency);
  const decimal = minorToDecimal(money.amount, digits) as Intl.StringNumericLiteral;
  return new Intl.NumberFormat(NUMBER_LOCALE[lang], { style: 'currency', currency: money.currency, minimumFractionDigits: digits }).format(decimal);
}

/** Plain integers (people reached, counts) in the language's grouping. */
export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[lang]).format(value);
}
