import { canSee, viewerOf, withVisibility, type Viewer } from './visibility';

const staff = (...teams: string[]): Viewer => ({ roles: ['staff'], teams });
const secret = { confidential: true, leadTeam: 'IASA' };

describe('who sees a confidential record', () => {
  it('its lead team, admins and auditors see it; other teams and viewers without teams do not', () => {
    expect(canSee(staff('IASA'), secret)).toBe(true);
    expect(canSee({ roles: ['admin'], teams: [] }, secret)).toBe(true);
    expect(canSee({ roles: ['auditor'], teams: [] }, secret)).toBe(true);
    expect(canSee(staff('NMCO'), secret)).toBe(false);
    expect(canSee({ roles: ['viewer'], teams: [] }, secret)).toBe(false);
  });

  it('a confidential record without a lead team is for admins and auditors only', () => {
    expect(canSee(staff('IASA'), { confidential: true, leadTeam: null })).toBe(false);
  });

  it('records that are not confidential, or say nothing, are open to every reader', () => {
    expect(canSee(staff(), { confidential: false, leadTeam: 'IASA' })).toBe(true);
    expect(canSee(staff(), {})).toBe(true);
  });

  it("a service's own call (no viewer) sees everything; a malformed viewer sees only open records", () => {
    expect(canSee(undefined, secret)).toBe(true);
    const malformed = viewerOf({ viewer: 'admin' });
    expect(malformed).toEqual({ roles: [], teams: [] });
    expect(canSee(malformed, secret)).toBe(false);
  });

  it('narrows a list filter for other teams and leaves it alone for those who see everything', () => {
    expect(withVisibility({ status: 'draft' }, staff('NMCO'))).toEqual({
      $and: [{ status: 'draft' }, { $or: [{ confidential: { $ne: true } }, { leadTeam: { $in: ['NMCO'] } }] }],
    });
    expect(withVisibility({}, { roles: ['viewer'], teams: [] })).toEqual({ $or: [{ confidential: { $ne: true } }] });
    expect(withVisibility({ status: 'draft' }, { roles: ['auditor'], teams: [] })).toEqual({ status: 'draft' });
  });
});
