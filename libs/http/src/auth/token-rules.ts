import { CodedError } from '@pmt/kernel';

/** No bearer token lives longer than this: a leaked one is worth half a working day at most. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;
/** How far another machine's clock may run ahead of ours when it sets `nbf`. */
export const NOT_BEFORE_SKEW_SECONDS = 30;

const badToken = (message: string) => new CodedError('AUTH.BAD_TOKEN', 'unauthorized', message);

/**
 * The time rules every bearer token meets once its signature holds (the signature check has already refused an
 * expired token): `exp` is required; the lifetime, `exp - iat` (or `exp - now` without `iat`, and never counted from
 * an `iat` in the future), is at most 12 hours; `nbf` holds with a 30 s skew.
 */
export function checkTokenTimes(claims: Record<string, unknown>, nowSeconds: number): void {
  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw badToken('The token has no expiry (exp); tokens must expire');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) throw badToken('The token’s iat is not a time');
  const from = Math.min(typeof iat === 'number' ? iat : nowSeconds, nowSeconds);
  if (exp - from > MAX_TOKEN_LIFETIME_SECONDS) throw badToken('The token lives longer than 12 hours; ask for a shorter-lived one');
  if (nbf === undefined) return;
  if (typeof nbf !== 'number' || !Number.isFinite(nbf)) throw badToken('The token’s nbf is not a time');
  if (nbf > nowSeconds + NOT_BEFORE_SKEW_SECONDS) throw badToken('The token is not valid yet (nbf)');
}
