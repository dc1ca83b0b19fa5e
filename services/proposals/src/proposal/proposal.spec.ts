import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import { proposalDecider, type ProposalCommand, type ReviseDraftData } from './proposal.decide';
import {
  at,
  baht,
  createData,
  draft,
  drafted,
  FOOD_VALLEY,
  histories,
  inReview,
  LAMPANG,
  NIA,
  noted,
  on,
  returned,
  statesOtherThan,
} from './proposal.fixtures';

const spec = DeciderSpec(proposalDecider);
const create = (data = createData, today = '2025-01-07'): ProposalCommand => ({ type: 'DraftProposal', data, ...on(today) });
const revise = (data: ReviseDraftData, today = '2025-01-15'): ProposalCommand => ({ type: 'ReviseDraft', data, ...on(today) });
const note = (text = 'budget needs a co-investment line', today = '2025-01-10'): ProposalCommand => ({
  type: 'NoteReview',
  data: { note: text, by: 'reviewer@step.example' },
  ...on(today),
});
const submit = (today = '2025-03-01', options: { lateReason?: string | null; byAdmin?: boolean } = {}): ProposalCommand => ({
  type: 'SubmitProposal',
  byAdmin: options.byAdmin ?? false,
  data: options.lateReason === undefined ? {} : { lateReason: options.lateReason },
  ...on(today),
});

const errorsOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('DraftProposal', () => {
  describe('when none', () => {
    it('drafts the proposal with the contract fields and optional fields as null', () => {
      spec.given([]).when(create()).then([drafted]);
    });

    it('takes no partners, no activity and a description', () => {
      const { partnerIds: _p, activityId: _a, ...rest } = createData;
      const events = spec
        .given([])
        .when(create({ ...rest, description: 'ทดสอบ' }))
        .events();
      expect(events[0].data).toMatchObject({ partnerIds: [], activityId: null, description: 'ทดสอบ' });
    });

    it('accepts a deadline already passed: proposals are also entered after the fact', () => {
      expect(
        spec
          .given([])
          .when(create({ ...createData, submissionDeadline: '2024-12-31' }))
          .events(),
      ).toHaveLength(1);
    });

    it('refuses a partner listed twice and the funder as a partner, naming each path', () => {
      const partnerIds = [FOOD_VALLEY, NIA, FOOD_VALLEY];
      expect(
        errorsOf(() =>
          spec
            .given([])
            .when(create({ ...createData, partnerIds }))
            .events(),
        ),
      ).toMatchObject({
        code: 'PROPOSAL.INVALID_TERMS',
        kind: 'invalid',
        errors: [
          { path: 'partnerIds[1]', message: 'is the funder; a funder is not also a partner' },
          { path: 'partnerIds[2]', message: 'is already a partner (partnerIds[0])' },
        ],
      });
    });

    it('refuses a fractional, zero or negative amount and a currency that is not ISO 4217', () => {
      for (const amount of [1.5, 0, -100]) {
        spec
          .given([])
          .when(create({ ...createData, requestedAmount: baht(amount) }))
          .thenThrows('PROPOSAL.INVALID_TERMS', 'requestedAmount.amount');
      }
      spec
        .given([])
        .when(create({ ...createData, requestedAmount: { amount: 100, currency: 'baht' } }))
        .thenThrows('PROPOSAL.INVALID_TERMS', 'requestedAmount.currency');
    });

    it('refuses blank text and a date that is not on the calendar, naming every field', () => {
      const data = { ...createData, title: ' ', leadTeam: '', programme: '  ', submissionDeadline: '2025-02-30' };
      expect(errorsOf(() => spec.given([]).when(create(data)).events())).toMatchObject({
        errors: [
          { path: 'title', message: 'is required' },
          { path: 'leadTeam', message: 'is required' },
          { path: 'programme', message: 'is required' },
          { path: 'submissionDeadline', message: 'must be a calendar date (YYYY-MM-DD)' },
        ],
      });
    });
  });

  describe('when it exists', () => {
    it('refuses to create it again', () => {
      spec.given(draft).when(create()).thenThrows('PROPOSAL.ALREADY_EXISTS');
    });
  });
});

describe('ReviseDraft', () => {
  describe('when draft', () => {
    it('records only the fields that changed', () => {
      spec
        .given(draft)
        .when(revise({ title: createData.title, requestedAmount: baht(300_000_000), description: 'รวมงบร่วมลงทุน' }))
        .then([{ type: 'ProposalDraftRevised', data: { changes: { requestedAmount: baht(300_000_000), description: 'รวมงบร่วมลงทุน' }, at: at('2025-01-15') } }]);
    });

    it('may change the currency while still a draft', () => {
      const events = spec
        .given(draft)
        .when(revise({ requestedAmount: { amount: 80_000_00, currency: 'USD' } }))
        .events();
      expect(events[0].data).toMatchObject({ changes: { requestedAmount: { amount: 80_000_00, currency: 'USD' } } });
    });

    it('refuses a new funder that is already a partner', () => {
      spec
        .given(draft)
        .when(revise({ funderId: LAMPANG }))
        .thenThrows('PROPOSAL.INVALID_TERMS', 'funderId is already a partner (partnerIds[1])');
    });

    it('refuses new partners that include the funder', () => {
      spec
        .given(draft)
        .when(revise({ partnerIds: [NIA] }))
        .thenThrows('PROPOSAL.INVALID_TERMS', 'partnerIds[0] is the funder');
    });

    it('refuses a revision that changes nothing', () => {
      spec
        .given(draft)
        .when(revise({ title: createData.title, leadTeam: 'IASA' }))
        .thenThrows('PROPOSAL.TERMS_UNCHANGED', 'Proposal is "draft"');
    });
  });

  describe('when revision-requested', () => {
    it('revises the fields for the resubmission', () => {
      const events = spec
        .given(returned)
        .when(revise({ programme: 'Social innovation 2025, round 2' }))
        .events();
      expect(events[0].data).toMatchObject({ changes: { programme: 'Social innovation 2025, round 2' } });
    });

    it('refuses another currency than the one the funder was asked in', () => {
      spec
        .given(returned)
        .when(revise({ requestedAmount: { amount: 100, currency: 'USD' } }))
        .thenThrows('PROPOSAL.INVALID_TERMS', 'requestedAmount.currency must be THB');
    });
  });

  describe.each(statesOtherThan('draft', 'revision-requested'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec
        .given(history)
        .when(revise({ title: 'new title' }))
        .thenThrows('PROPOSAL.NOT_REVISABLE', `Proposal is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec
        .given([])
        .when(revise({ title: 'x' }))
        .thenThrows('PROPOSAL.NOT_FOUND');
    });
  });
});

describe('NoteReview', () => {
  describe.each([
    ['draft', draft],
    ['submitted', inReview],
    ['revision-requested', returned],
  ])('when %s', (_status, history) => {
    it('keeps the note with who wrote it, the state otherwise unchanged', () => {
      spec.given(history).when(note()).then([noted()]);
    });
  });

  it('refuses a blank note', () => {
    spec.given(draft).when(note('  ')).thenThrows('PROPOSAL.INVALID_NOTE', 'note');
  });

  describe.each(statesOtherThan('draft', 'submitted', 'revision-requested'))('when %s', (status, history) => {
    it('refuses: the proposal is closed', () => {
      spec.given(history).when(note()).thenThrows('PROPOSAL.NOT_OPEN', `Proposal is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(note()).thenThrows('PROPOSAL.NOT_FOUND');
    });
  });
});

describe('SubmitProposal', () => {
  describe('when draft', () => {
    it('submits on time, on the office date', () => {
      spec
        .given(draft)
        .when(submit('2025-03-01'))
        .then([{ type: 'ProposalSubmitted', data: { submittedOn: '2025-03-01', late: false, lateReason: null, at: at('2025-03-01') } }]);
    });

    it('submits on the deadline day itself', () => {
      expect(spec.given(draft).when(submit('2025-03-31')).events()[0].data).toMatchObject({ late: false });
    });

    it('refuses staff after the deadline, naming it and the way out', () => {
      spec
        .given(draft)
        .when(submit('2025-04-01'))
        .thenThrows(
          'PROPOSAL.DEADLINE_PASSED',
          'Proposal is "draft": the submission deadline was 2025-03-31 and today is 2025-04-01; an admin may submit late with a lateReason',
        );
    });

    it('refuses an admin after the deadline without a lateReason', () => {
      spec
        .given(draft)
        .when(submit('2025-04-01', { byAdmin: true }))
        .thenThrows('PROPOSAL.DEADLINE_PASSED', 'lateReason');
      spec
        .given(draft)
        .when(submit('2025-04-01', { byAdmin: true, lateReason: ' ' }))
        .thenThrows('PROPOSAL.DEADLINE_PASSED');
    });

    it('accepts an admin after the deadline with a lateReason, recording it', () => {
      spec
        .given(draft)
        .when(submit('2025-04-02', { byAdmin: true, lateReason: 'NIA extended the call by email' }))
        .then([
          { type: 'ProposalSubmitted', data: { submittedOn: '2025-04-02', late: true, lateReason: 'NIA extended the call by email', at: at('2025-04-02') } },
        ]);
    });

    it('forbids a lateReason from anyone but an admin, late or not', () => {
      let caught = errorsOf(() =>
        spec
          .given(draft)
          .when(submit('2025-04-01', { lateReason: 'please' }))
          .events(),
      );
      expect(caught).toMatchObject({ code: 'PROPOSAL.LATE_SUBMISSION_FORBIDDEN', kind: 'forbidden' });
      caught = errorsOf(() =>
        spec
          .given(draft)
          .when(submit('2025-03-01', { lateReason: 'please' }))
          .events(),
      );
      expect(caught).toMatchObject({ kind: 'forbidden' });
    });

    it('does not record an admin’s lateReason on time: nothing to excuse', () => {
      expect(
        spec
          .given(draft)
          .when(submit('2025-03-01', { byAdmin: true, lateReason: 'just in case' }))
          .events()[0].data,
      ).toMatchObject({ late: false, lateReason: null });
    });
  });

  describe('when revision-requested', () => {
    it('refuses, pointing to a resubmission', () => {
      spec
        .given(returned)
        .when(submit())
        .thenThrows('PROPOSAL.NOT_SUBMITTABLE', 'Proposal is "revision-requested": the funder asked for a revision; send it as a resubmission');
    });
  });

  describe('when submitted', () => {
    it('refuses a second submission', () => {
      spec.given(inReview).when(submit()).thenThrows('PROPOSAL.NOT_SUBMITTABLE', 'it has already been submitted');
    });
  });

  describe.each(statesOtherThan('draft', 'revision-requested', 'submitted'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec.given(history).when(submit()).thenThrows('PROPOSAL.NOT_SUBMITTABLE', `Proposal is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(submit()).thenThrows('PROPOSAL.NOT_FOUND');
    });
  });

  it('has a history for every state', () => {
    for (const [status, history] of Object.entries(histories)) expect(spec.given(history).state().status).toBe(status);
  });
});
