import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import { mouResource } from './mou.resource';
import { mouDecider, type MouCommand } from './mou.decide';
import {
  active,
  awaiting,
  createData,
  draft,
  drafted,
  fullySigned,
  NIA,
  on,
  OUTSIDER,
  signatureRequested,
  signed,
  signedBy,
  statesOtherThan,
  UNDP,
} from './mou.fixtures';

const spec = DeciderSpec(mouDecider);
const create = (data = createData, today = '2025-01-07'): MouCommand => ({ type: 'CreateMou', data, ...on(today) });
const revise = (data: Extract<MouCommand, { type: 'ReviseTerms' }>['data'], today = '2025-01-15'): MouCommand => ({
  type: 'ReviseTerms',
  data,
  ...on(today),
});
const requestSignatures = (today = '2025-01-08'): MouCommand => ({ type: 'RequestSignatures', data: {}, ...on(today) });
const sign = (organisationId: string, today = '2025-01-20', signedAt = `${today}T02:00:00.000Z`): MouCommand => ({
  type: 'SignMou',
  data: { organisationId, signedAt },
  ...on(today),
});

describe('CreateMou', () => {
  describe('when none', () => {
    it('drafts the MOU with its end date and optional fields as null', () => {
      spec.given([]).when(create()).then([drafted]);
    });

    it('refuses a party listed twice, naming the path', () => {
      const parties = [...createData.parties, { ...createData.parties[0], signatoryName: 'someone else' }];
      const events = () =>
        spec
          .given([])
          .when(create({ ...createData, parties }))
          .events();
      expect(events).toThrow(
        expect.objectContaining({
          code: 'MOU.INVALID_TERMS',
          kind: 'invalid',
          errors: [{ path: 'parties[2].organisationId', message: 'is already a party (parties[0])' }],
        }),
      );
    });

    it('refuses fewer than two parties', () => {
      spec
        .given([])
        .when(create({ ...createData, parties: [createData.parties[0]] }))
        .thenThrows('MOU.INVALID_TERMS', 'parties');
    });

    it('refuses a KPI id used twice', () => {
      const kpis = [createData.kpis![0], { ...createData.kpis![1], id: 'kpi-prototypes' }];
      spec
        .given([])
        .when(create({ ...createData, kpis }))
        .thenThrows('MOU.INVALID_TERMS', 'kpis[1].id');
    });

    it('refuses a date that is not on the calendar and a term that is not whole months', () => {
      let caught: unknown;
      try {
        mouDecider.decide(create({ ...createData, effectiveFrom: '2025-02-30', termMonths: 1.5 }), mouDecider.initialState());
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({
        code: 'MOU.INVALID_TERMS',
        errors: [
          { path: 'effectiveFrom', message: 'must be a calendar date (YYYY-MM-DD)' },
          { path: 'termMonths', message: 'must be a positive whole number of months' },
        ],
      });
    });

    it('refuses a negative KPI target and an unknown collaboration level', () => {
      const kpis = [{ ...createData.kpis![0], target: -1 }];
      const data = { ...createData, kpis, collaborationLevel: 'friendly' as never };
      spec.given([]).when(create(data)).thenThrows('MOU.INVALID_TERMS', 'kpis[0].target');
      spec.given([]).when(create(data)).thenThrows('MOU.INVALID_TERMS', 'collaborationLevel');
    });
  });

  describe('when it exists', () => {
    it('refuses to create it again', () => {
      spec.given(draft).when(create()).thenThrows('MOU.ALREADY_EXISTS');
    });
  });
});

describe('ReviseTerms', () => {
  describe('when draft', () => {
    it('records only the fields that changed, with the new end date', () => {
      spec
        .given(draft)
        .when(revise({ title: createData.title, termMonths: 24, description: 'ปีแรกเน้นเครือข่าย' }))
        .then([
          {
            type: 'MouTermsRevised',
            data: {
              changes: { termMonths: 24, description: 'ปีแรกเน้นเครือข่าย' },
              endsOn: '2027-01-31',
              signaturesCleared: [],
              returnedToDraft: false,
              at: on('2025-01-15').now,
            },
          },
        ]);
    });

    it('replaces the KPI list, filling optional KPI fields with null', () => {
      const events = spec
        .given(draft)
        .when(revise({ kpis: [{ id: 'kpi-x', name: 'startups supported', target: 5 }] }))
        .events();
      expect(events[0].data).toMatchObject({
        changes: { kpis: [{ id: 'kpi-x', name: 'startups supported', target: 5, unit: null, owner: null, dueOn: null }] },
      });
    });

    it('refuses a revision that changes nothing', () => {
      spec
        .given(draft)
        .when(revise({ title: createData.title, leadTeam: 'IASA' }))
        .thenThrows('MOU.TERMS_UNCHANGED', 'MOU is "draft"');
    });

    it('refuses invalid terms', () => {
      spec
        .given(draft)
        .when(revise({ termMonths: 0 }))
        .thenThrows('MOU.INVALID_TERMS', 'termMonths');
    });
  });

  describe('when awaiting signatures', () => {
    it('voids the signatures collected so far and returns the MOU to draft', () => {
      spec
        .given([...awaiting, signedBy(NIA)])
        .when(revise({ effectiveFrom: '2025-03-01' }))
        .then([
          {
            type: 'MouTermsRevised',
            data: {
              changes: { effectiveFrom: '2025-03-01' },
              endsOn: '2028-02-29',
              signaturesCleared: [NIA],
              returnedToDraft: true,
              at: on('2025-01-15').now,
            },
          },
        ]);
    });
  });

  describe.each(statesOtherThan('draft', 'awaiting-signatures'))('when %s', (status, history) => {
    it('refuses, pointing to an amendment', () => {
      spec
        .given(history)
        .when(revise({ title: 'new title' }))
        .thenThrows('MOU.NOT_REVISABLE', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec
        .given([])
        .when(revise({ title: 'x' }))
        .thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('RequestSignatures', () => {
  describe('when draft', () => {
    it('asks the parties to sign', () => {
      spec.given(draft).when(requestSignatures()).then([signatureRequested]);
    });
  });

  describe('when awaiting signatures', () => {
    it('refuses a second request', () => {
      spec.given(awaiting).when(requestSignatures()).thenThrows('MOU.NOT_IN_DRAFT', 'signatures have already been requested');
    });
  });

  describe.each(statesOtherThan('draft', 'awaiting-signatures'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(requestSignatures()).thenThrows('MOU.NOT_IN_DRAFT', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(requestSignatures()).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('SignMou', () => {
  describe('when awaiting signatures', () => {
    it('records one party signing', () => {
      spec
        .given(awaiting)
        .when(sign(NIA))
        .then([signedBy(NIA)]);
    });

    it('marks the MOU fully signed with the last signature while effectiveFrom is ahead', () => {
      spec
        .given([...awaiting, signedBy(NIA)])
        .when(sign(UNDP))
        .then([signedBy(UNDP), fullySigned('2025-01-20')]);
    });

    it('activates at once when the last signature comes on or after effectiveFrom', () => {
      spec
        .given([...awaiting, signedBy(NIA, '2025-01-20')])
        .when(sign(UNDP, '2025-02-03'))
        .then([
          signedBy(UNDP, '2025-02-03'),
          fullySigned('2025-02-03'),
          { type: 'MouActivated', data: { activatedOn: '2025-02-03', at: on('2025-02-03').now } },
        ]);
    });

    it('dates a late-recorded signing ceremony by its signatures, not by the day it was entered', () => {
      // Story 3: an MOU signed on 20 April 2009, entered years later.
      const events = spec
        .given([...awaiting, { type: 'MouSigned', data: { organisationId: NIA, signedAt: '2009-04-20T03:00:00Z', at: on('2025-01-20').now } }])
        .when(sign(UNDP, '2025-03-01', '2009-04-20T03:30:00Z'))
        .events();
      expect(events.slice(1)).toEqual([
        { type: 'MouFullySigned', data: { signedOn: '2009-04-20', at: on('2025-03-01').now } },
        { type: 'MouActivated', data: { activatedOn: '2025-02-01', at: on('2025-03-01').now } },
      ]);
    });

    it('refuses a signature by an organisation that is not a party, naming the parties', () => {
      spec.given(awaiting).when(sign(OUTSIDER)).thenThrows('MOU.NOT_A_PARTY', `the parties are ${NIA}, ${UNDP}`);
    });

    it('refuses a second signature by the same party', () => {
      spec
        .given([...awaiting, signedBy(NIA)])
        .when(sign(NIA))
        .thenThrows('MOU.ALREADY_SIGNED', 'already signed at 2025-01-20T02:00:00.000Z');
    });

    it('refuses a signature dated in the future', () => {
      spec
        .given(awaiting)
        .when(sign(NIA, '2025-01-20', '2025-01-21T04:00:00Z'))
        .thenThrows('MOU.INVALID_SIGNATURE', 'signedAt');
    });

    it('refuses a signature time that is not an instant', () => {
      spec
        .given(awaiting)
        .when(sign(NIA, '2025-01-20', 'yesterday'))
        .thenThrows('MOU.INVALID_SIGNATURE', 'signedAt');
    });
  });

  describe('when draft', () => {
    it('refuses: signatures come after a signature request', () => {
      spec.given(draft).when(sign(NIA)).thenThrows('MOU.NOT_SIGNABLE', 'MOU is "draft": signatures can only be given after a signature request');
    });
  });

  describe.each(statesOtherThan('draft', 'awaiting-signatures'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(sign(NIA)).thenThrows('MOU.NOT_SIGNABLE', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(sign(NIA)).thenThrows('MOU.NOT_FOUND');
    });
  });

  describe('when signed', () => {
    it('has every party signed', () => {
      const mou = ResourceSpec(mouResource).given(signed).resource();
      expect(mou.status === 'signed' && mou.parties.every((p) => p.signedAt !== null)).toBe(true);
    });
  });

  it('is also refused after activation', () => {
    spec.given(active).when(sign(UNDP)).thenThrows('MOU.NOT_SIGNABLE');
  });
});
