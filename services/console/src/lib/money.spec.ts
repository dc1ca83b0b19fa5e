import { moneyFromInput, moneyToInput, sumMoney } from './money';

describe('money typed in a form', () => {
  it('becomes integer minor units with the currency, exactly', () => {
    expect(moneyFromInput('1,250,000.50', 'THB')).toEqual({ amount: 125000050, currency: 'THB' });
    expect(moneyFromInput('0.1', 'THB')).toEqual({ amount: 10, currency: 'THB' });
    expect(moneyFromInput('500', 'JPY')).toEqual({ amount: 500, currency: 'JPY' });
  });

  it('passes what is not an amount through, so the API names the field', () => {
    expect(moneyFromInput('12.345', 'THB')).toBe('12.345');
    expect(moneyFromInput('lots', 'THB')).toBe('lots');
  });

  it('keeps an amount beyond 2^53 minor units exact as a string rather than rounding it', () => {
    expect(moneyFromInput('90071992547409.93', 'THB')).toEqual({ amount: '9007199254740993', currency: 'THB' });
  });

  it('starts a field from minor units and sums one currency only', () => {
    expect(moneyToInput({ amount: 125000050, currency: 'THB' })).toBe('1250000.50');
    expect(
      sumMoney(
        [
          { amount: 1, currency: 'THB' },
          { amount: '2', currency: 'THB' },
        ],
        'THB',
      ),
    ).toBe(3n);
    expect(() => sumMoney([{ amount: 1, currency: 'USD' }], 'THB')).toThrow();
  });
});
