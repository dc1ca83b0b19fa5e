import { describe, expect, it } from '@jest/globals';
import { checkTokenTimes } from './token-rules';

const NOW = 1_800_000_000;
const HOUR = 3600;
const check = (claims: Record<string, unknown>) => () => checkTokenTimes(claims, NOW);

describe('bearer token time rules', () => {
  it('accepts a token that expires within 12 hours of being issued', () => {
    expect(check({ iat: NOW, exp: NOW + 8 * HOUR })).not.toThrow();
    expect(check({ iat: NOW - HOUR, exp: NOW + 11 * HOUR })).not.toThrow();
  });

  it('refuses a token without exp', () => {
    expect(check({ iat: NOW })).toThrow(/no expiry/);
    expect(check({ iat: NOW, exp: 'tomorrow' })).toThrow(/no expiry/);
  });

  it('refuses a lifetime over 12 hours, counted from iat', () => {
    expect(check({ iat: NOW - 2 * HOUR, exp: NOW + 11 * HOUR })).toThrow(/12 hours/);
  });

  it('counts from now when there is no iat, or when iat is in the future', () => {
    expect(check({ exp: NOW + 13 * HOUR })).toThrow(/12 hours/);
    expect(check({ exp: NOW + 11 * HOUR })).not.toThrow();
    expect(check({ iat: NOW + 365 * 24 * HOUR, exp: NOW + 365 * 24 * HOUR + HOUR })).toThrow(/12 hours/);
  });

  it('honours nbf with a 30 second skew', () => {
    const exp = NOW + HOUR;
    expect(check({ iat: NOW, exp, nbf: NOW - 10 })).not.toThrow();
    expect(check({ iat: NOW, exp, nbf: NOW + 30 })).not.toThrow();
    expect(check({ iat: NOW, exp, nbf: NOW + 31 })).toThrow(/not valid yet/);
    expect(check({ iat: NOW, exp, nbf: 'soon' })).toThrow(/nbf/);
  });
});
