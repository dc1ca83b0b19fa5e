import { describe, expect, it } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import { grantVisibility, type GrantEvent } from './grant';
import { grantDecider, type GrantCommand, type OpenGrantData, type SetGrantConfidentiality } from './grant.decide';
import { closed, inProgress, on, openData, opened } from './grant.fixtures';
import { grantResource } from './grant.resource';

const spec = DeciderSpec(grantDecider);

const IASA_STAFF = { seesEverything: false, teams: ['IASA'] };
const NMCO_STAFF = { seesEverything: false, teams: ['NMCO'] };
const ADMIN = { seesEverything: true, teams: [] };

const open = (data: OpenGrantData): GrantCommand => ({ type: 'OpenGrant', data, ...on('2025-01-20') });
const set = (confidential: boolean, by: SetGrantConfidentiality['by'] = IASA_STAFF, today = '2026-03-01'): GrantCommand => ({
  type: 'SetConfidentiality',
  data: { confidential },
  by,
  ...on(today),
});
const changed = (confidential: boolean, day = '2026-03-01'): GrantEvent => ({ type: 'GrantConfidentialityChanged', data: { confidential, at: on(day).now } });
const confidentialOpened: GrantEvent = { ...opened, data: { ...opened.data, confidential: true } };
const leaderless: GrantEvent = { ...opened, data: { ...opened.data, leadTeam: null } };

const refusalOf = (history: GrantEvent[], command: GrantCommand): unknown => {
  try {
    spec.given(history).when(command).events();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('OpenGrant with confidential', () => {
  it('records confidential: true on the opening', () => {
    spec
      .given([])
      .when(open({ ...openData, confidential: true }))
      .then([confidentialOpened]);
  });

  it('refuses a confidential grant without a lead team, naming leadTeam', () => {
    expect(refusalOf([], open({ ...openData, leadTeam: null, confidential: true }))).toMatchObject({
      kind: 'invalid',
      code: 'GRANT.INVALID_TERMS',
      errors: [{ path: 'leadTeam', message: 'a confidential grant needs a lead team' }],
    });
  });
});

describe('SetConfidentiality', () => {
  describe.each([
    ['open', inProgress],
    ['closed', closed],
  ])('when %s', (_status, history) => {
    it('a member of the lead team makes it confidential', () => {
      spec
        .given(history)
        .when(set(true))
        .then([changed(true)]);
    });

    it('opens it again', () => {
      spec
        .given([...history, changed(true)])
        .when(set(false, IASA_STAFF, '2026-03-02'))
        .then([changed(false, '2026-03-02')]);
    });
  });

  it('records nothing when nothing changes', () => {
    spec.given(inProgress).when(set(false)).then([]);
    spec.given([confidentialOpened]).when(set(true)).then([]);
  });

  it('refuses staff outside the lead team: 403 GRANT.NOT_LEAD_TEAM', () => {
    expect(refusalOf(inProgress, set(true, NMCO_STAFF))).toMatchObject({ kind: 'forbidden', code: 'GRANT.NOT_LEAD_TEAM' });
  });

  it('lets an admin make any team’s grant confidential', () => {
    spec
      .given(inProgress)
      .when(set(true, ADMIN))
      .then([changed(true)]);
  });

  it('refuses a grant without a lead team: 409 GRANT.NO_LEAD_TEAM, even for an admin', () => {
    expect(refusalOf([leaderless], set(true, ADMIN))).toMatchObject({ kind: 'conflict', code: 'GRANT.NO_LEAD_TEAM' });
  });

  it('answers not found before the grant exists', () => {
    spec.given([]).when(set(true)).thenThrows('GRANT.NOT_FOUND');
  });
});

describe('a confidential grant', () => {
  it('shows confidential in its resource, and is open again after confidential: false', () => {
    const resource = (events: GrantEvent[]) => ResourceSpec(grantResource).given(events).resource();
    expect(resource([confidentialOpened])).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    expect(resource([...inProgress, changed(true)])).toMatchObject({ confidential: true, updatedAt: on('2026-03-01').now });
    expect(resource([...inProgress, changed(true), changed(false, '2026-03-02')])).toMatchObject({ confidential: false });
  });

  it('says who may see it in every status (visibilityOf); grants opened before confidentiality existed are open', () => {
    const visibility = (events: GrantEvent[]) => grantVisibility(spec.given(events).state());
    expect(visibility([])).toEqual({ confidential: false, leadTeam: null });
    expect(visibility([confidentialOpened])).toEqual({ confidential: true, leadTeam: 'IASA' });
    expect(visibility([...closed, changed(true)])).toEqual({ confidential: true, leadTeam: 'IASA' });
    const { confidential: _c, ...old } = opened.data;
    expect(visibility([{ type: 'GrantOpened', data: old }])).toEqual({ confidential: false, leadTeam: 'IASA' });
  });
});
