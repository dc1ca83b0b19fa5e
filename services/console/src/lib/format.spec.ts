import { decimalToMinor, formatDate, formatDateTime, formatMoney, minorToDecimal } from './format';

describe('dates', () => {
  it('shows Thai dates in the Buddhist Era with Thai month names (2568 for 2025)', () => {
    expect(formatDate('2025-01-07', 'th')).toBe('7 มกราคม 2568');
  });

  it('shows English dates in the Gregorian calendar', () => {
    expect(formatDate('2025-01-07', 'en')).toBe('7 January 2025');
  });

  it('never shifts a calendar date by time zone', () => {
    expect(formatDate('2025-12-31', 'en', { timeZone: 'Pacific/Honolulu' })).toBe('31 December 2025');
  });

  it('shows an instant in the given zone, with its time', () => {
    // 2025-01-07T20:30Z is already the 8th in Bangkok
    expect(formatDateTime('2025-01-07T20:30:00Z', 'en', 'Asia/Bangkok')).toBe('8 January 2025 at 03:30');
    expect(formatDateTime('2025-01-07T20:30:00Z', 'th', 'Asia/Bangkok')).toContain('8 มกราคม 2568');
  });
});

describe('money from integer minor units', () => {
  it('shows satang exactly, with the currency', () => {
    expect(formatMoney({ amount: 123456789, currency: 'THB' }, 'en')).toBe('THB\u00a01,234,567.89');
    expect(formatMoney({ amount: 123456789, currency: 'THB' }, 'th')).toBe('฿1,234,567.89');
  });

  it('keeps every digit of amounts beyond what a float holds', () => {
    // 2^53 + 1 satang: a float would print ...992.00
    expect(formatMoney({ amount: '9007199254740993', currency: 'THB' }, 'th')).toBe('฿90,071,992,547,409.93');
  });

  it('knows currencies without minor units and negative amounts', () => {
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'en')).toBe('JP¥1,500');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
  });

  it('turns what a user types back into minor units without floats, and refuses more decimals than the currency has', () => {
    expect(decimalToMinor('1,234.5', 2)).toBe(123450n);
    expect(decimalToMinor('0.1', 2)).toBe(10n);
    expect(decimalToMinor('90071992547409.93', 2)).toBe(9007199254740993n);
    expect(decimalToMinor('1.234', 2)).toBeNull();
    expect(decimalToMinor('abc', 2)).toBeNull();
  });
});
