import { spreadsheetSafe } from './csv';

describe('spreadsheetSafe', () => {
  it.each(['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '  =1'])('quotes %j so it is not a formula', (text) => {
    expect(spreadsheetSafe(text)).toBe(`'${text}`);
  });

  it('leaves plain text, Thai text and numbers alone', () => {
    expect(spreadsheetSafe('signed at the ceremony')).toBe('signed at the ceremony');
    expect(spreadsheetSafe('ลงนามแล้ว')).toBe('ลงนามแล้ว');
    expect(spreadsheetSafe(-5)).toBe(-5);
    expect(spreadsheetSafe(null)).toBe('');
  });

  it('serialises objects as JSON and quotes them when they would start a formula', () => {
    expect(spreadsheetSafe({ a: 1 })).toBe('{"a":1}');
    expect(spreadsheetSafe('-{"a":1}')).toBe(`'-{"a":1}`);
  });
});
