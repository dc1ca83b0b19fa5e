import { describe, expect, it } from '@jest/globals';
import { claimAt, principalFromClaims } from './claims';

describe('the caller a verified token names', () => {
  it('takes sub as the actor and roles and teams from their claims', () => {
    expect(principalFromClaims({ sub: 'somchai', roles: ['staff', 7], teams: ['IASA'] })).toEqual({ actor: 'somchai', roles: ['staff'], teams: ['IASA'] });
  });

  it('reads configured claims, by name or by a dotted path, and space-separated lists', () => {
    const claims = { sub: 'u', realm_access: { roles: ['auditor'] }, 'https://pmt/teams': 'NMCO IMO' };
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['auditor']);
    expect(principalFromClaims(claims, 'realm_access.roles', 'https://pmt/teams')).toEqual({ actor: 'u', roles: ['auditor'], teams: ['NMCO', 'IMO'] });
  });

  it('gives no roles when the claim is missing, and refuses a token without a subject', () => {
    expect(principalFromClaims({ sub: 'u' }).roles).toEqual([]);
    expect(() => principalFromClaims({ roles: ['admin'] })).toThrow(/no subject/);
  });
});
