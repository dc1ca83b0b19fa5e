import { CodedError, isWellFormedText } from '@pmt/kernel';
import type { Principal } from './principal';

/** A claim by name, or by a dotted path into nested objects (`realm_access.roles`). */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  return path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), claims);
}

/** A list of names from a claim: an array of strings, or one space-separated string (as some providers send). */
function names(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The caller a verified token names: `sub` as the actor, roles and teams from the given claims. */
export function principalFromClaims(claims: Record<string, unknown>, rolesClaim = 'roles', teamsClaim = 'teams'): Principal {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub.length === 0) throw new CodedError('AUTH.BAD_TOKEN', 'unauthorized', 'The token has no subject');
  // the subject becomes the actor of events: text the store could not keep as given is no identity
  if (!isWellFormedText(sub)) throw new CodedError('AUTH.BAD_TOKEN', 'unauthorized', 'The token subject is not well-formed Unicode text');
  return { actor: sub, roles: names(claimAt(claims, rolesClaim)), teams: names(claimAt(claims, teamsClaim)) };
}
