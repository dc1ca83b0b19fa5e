import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import type { MouEvent } from './mou';
import { mouDecider, type MouCommand, type Requester } from './mou.decide';
import { mouAggregate } from '../mous.definition';
import { createData, draft, drafted, histories, on } from './mou.fixtures';

const spec = DeciderSpec(mouDecider);
const iasa: Requester = { seesEverything: false, teams: ['IASA'] };
const nmco: Requester = { seesEverything: false, teams: ['NMCO'] };
const admin: Requester = { seesEverything: true, teams: [] };

const setConfidentiality = (confidential: boolean, by: Requester, today = '2026-07-01'): MouCommand => ({
  type: 'SetConfidentiality',
  data: { confidential, by },
  ...on(today),
});
const changed = (confidential: boolean, today = '2026-07-01'): MouEvent => ({ type: 'MouConfidentialityChanged', data: { confidential, at: on(today).now } });
const secretDraft: MouEvent[] = [{ ...drafted, data: { ...drafted.data, confidential: true } }];
const withoutLeadTeam: MouEvent[] = [{ ...drafted, data: { ...drafted.data, leadTeam: null } }];
const create = (data: Partial<typeof createData>): MouCommand => ({ type: 'CreateMou', data: { ...createData, ...data }, ...on('2025-01-07') });
const revise = (data: Extract<MouCommand, { type: 'ReviseTerms' }>['data']): MouCommand => ({ type: 'ReviseTerms', data, ...on('2025-01-15') });

describe('CreateMou with confidential', () => {
  describe('when none', () => {
    it('records confidential: true on the drafted event', () => {
      spec
        .given([])
        .when(create({ confidential: true }))
        .then([{ ...drafted, data: { ...drafted.data, confidential: true } }]);
    });

    it('records confidential: false when it is not asked for', () => {
      const [event] = spec.given([]).when(create({})).events();
      expect(event.data).toMatchObject({ confidential: false });
    });

    it('refuses a confidential MOU without a lead team, naming leadTeam', () => {
      spec
        .given([])
        .when(create({ confidential: true, leadTeam: null }))
        .thenThrows('MOU.INVALID_TERMS', 'leadTeam a confidential MOU needs a lead team');
    });
  });
});

describe('ReviseTerms of a confidential MOU', () => {
  describe('when draft', () => {
    it('refuses to clear the lead team, naming leadTeam', () => {
      spec
        .given(secretDraft)
        .when(revise({ leadTeam: null }))
        .thenThrows('MOU.INVALID_TERMS', 'leadTeam a confidential MOU needs a lead team');
    });

    it('hands it to another lead team', () => {
      const [event] = spec
        .given(secretDraft)
        .when(revise({ leadTeam: 'NMCO' }))
        .events();
      expect(event.data).toMatchObject({ changes: { leadTeam: 'NMCO' } });
    });
  });

  describe('when draft and open', () => {
    it('clears the lead team', () => {
      const [event] = spec
        .given(draft)
        .when(revise({ leadTeam: null }))
        .events();
      expect(event.data).toMatchObject({ changes: { leadTeam: null } });
    });
  });
});

describe('SetConfidentiality', () => {
  describe.each(Object.entries(histories))('when %s', (_status, history) => {
    it('makes it confidential for a member of its lead team', () => {
      spec
        .given(history)
        .when(setConfidentiality(true, iasa))
        .then([changed(true)]);
    });

    it('opens it again', () => {
      spec
        .given([...history, changed(true)])
        .when(setConfidentiality(false, iasa, '2026-07-02'))
        .then([changed(false, '2026-07-02')]);
    });

    it('refuses staff outside its lead team making it confidential: 403 naming the lead team', () => {
      spec.given(history).when(setConfidentiality(true, nmco)).thenThrows('MOU.NOT_LEAD_TEAM', 'Only the lead team (IASA)');
      expect(() => mouDecider.decide(setConfidentiality(true, nmco), stateOf(history))).toThrow(expect.objectContaining({ kind: 'forbidden' }));
    });

    it('lets an admin make it confidential without being in its lead team', () => {
      spec
        .given(history)
        .when(setConfidentiality(true, admin))
        .then([changed(true)]);
    });
  });

  describe('when it already is what is asked', () => {
    it('records nothing', () => {
      spec.given(draft).when(setConfidentiality(false, iasa)).then([]);
      spec.given(secretDraft).when(setConfidentiality(true, iasa)).then([]);
    });
  });

  describe('when it has no lead team', () => {
    it('refuses to make it confidential, even for an admin: 409', () => {
      spec.given(withoutLeadTeam).when(setConfidentiality(true, admin)).thenThrows('MOU.NO_LEAD_TEAM', 'needs a lead team');
      expect(() => mouDecider.decide(setConfidentiality(true, admin), stateOf(withoutLeadTeam))).toThrow(expect.objectContaining({ kind: 'conflict' }));
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(setConfidentiality(true, admin)).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('who may see it, as the MOU definition tells the service', () => {
  const visibilityOf = mouAggregate.visibilityOf!;

  it('follows confidentiality and the lead team through every status', () => {
    for (const history of Object.values(histories)) {
      expect(visibilityOf(stateOf([...history, changed(true)]))).toEqual({ confidential: true, leadTeam: 'IASA' });
      expect(visibilityOf(stateOf(history))).toEqual({ confidential: false, leadTeam: 'IASA' });
    }
  });

  it('follows a revised lead team', () => {
    const revised: MouEvent = {
      type: 'MouTermsRevised',
      data: { changes: { leadTeam: 'NMCO' }, endsOn: '2028-01-31', signaturesCleared: [], returnedToDraft: false, at: on('2025-01-15').now },
    };
    expect(visibilityOf(stateOf([...secretDraft, revised]))).toEqual({ confidential: true, leadTeam: 'NMCO' });
  });

  it('an MOU that does not exist is open (the service answers not found anyway)', () => {
    expect(visibilityOf(mouDecider.initialState())).toEqual({ confidential: false, leadTeam: null });
  });
});

function stateOf(events: MouEvent[]) {
  return events.reduce(mouDecider.evolve, mouDecider.initialState());
}
