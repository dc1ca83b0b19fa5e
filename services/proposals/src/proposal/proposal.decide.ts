import {
  assertNever,
  CodedError,
  conflict,
  notFound,
  refusal,
  rejectIf,
  type Decider,
  type FieldError,
  type Money,
  type Stamp,
  assertMayMakeConfidential,
  type ConfidentialityAuthor,
} from '@pmt/kernel';
import {
  evolve,
  initialState,
  OPEN_STATUSES,
  DECISION_OUTCOMES,
  type DecisionOutcome,
  type OpenProposal,
  type OpenStatus,
  type Proposal,
  type ProposalEvent,
  type ProposalState,
  type ProposalStatus,
  type ProposalTerms,
} from './proposal';
import { amountErrors, isBlank, outcomeErrors, partnerErrors, termErrors } from './proposal.rules';

export interface DraftProposalData {
  id: string;
  title: string;
  leadTeam: string;
  funderId: string;
  partnerIds?: string[];
  requestedAmount: Money;
  submissionDeadline: string;
  programme: string;
  activityId?: string | null;
  description?: string | null;
  /** Only its lead team, admins and auditors see it; needs a lead team. */
  confidential?: boolean;
}

/** Any create field but `id`; a missing field is left as it is, `null` clears an optional one. */
export type ReviseDraftData = Partial<Omit<DraftProposalData, 'id' | 'confidential'>>;

export type DraftProposal = Stamp & { type: 'DraftProposal'; data: DraftProposalData };
export type ReviseDraft = Stamp & { type: 'ReviseDraft'; data: ReviseDraftData };
export type NoteReview = Stamp & { type: 'NoteReview'; data: { note: string; by?: string | null } };
/** `byAdmin`: whether the caller holds the admin role, the only one allowed to submit after the deadline. */
export type SubmitProposal = Stamp & { type: 'SubmitProposal'; byAdmin: boolean; data: { lateReason?: string | null } };
export type DecideProposal = Stamp & {
  type: 'DecideProposal';
  data: { outcome: DecisionOutcome; awardedAmount?: Money | null; reasons?: string[] | null };
};
export type ResubmitProposal = Stamp & { type: 'ResubmitProposal'; data: { requestedAmount?: Money | null; note?: string | null } };
export type WithdrawProposal = Stamp & { type: 'WithdrawProposal'; data: { reason: string } };
/**
 * `by`: whether the caller sees every record (admin, auditor, or the service's own call) and the caller's teams;
 * staff may make confidential only a proposal their team leads.
 */
export type SetConfidentiality = Stamp & {
  type: 'SetConfidentiality';
  data: { confidential: boolean };
  by: ConfidentialityAuthor;
};

export type ProposalCommand =
  DraftProposal | ReviseDraft | NoteReview | SubmitProposal | DecideProposal | ResubmitProposal | WithdrawProposal | SetConfidentiality;

export function decide(command: ProposalCommand, state: ProposalState): ProposalEvent[] {
  if (command.type === 'DraftProposal') return draftProposal(command, state);
  const proposal = existing(state);
  switch (command.type) {
    case 'ReviseDraft':
      return reviseDraft(command, proposal);
    case 'NoteReview':
      return noteReview(command, proposal);
    case 'SubmitProposal':
      return submit(command, proposal);
    case 'DecideProposal':
      return decideOn(command, proposal);
    case 'ResubmitProposal':
      return resubmit(command, proposal);
    case 'WithdrawProposal':
      return withdraw(command, proposal);
    case 'SetConfidentiality':
      return setConfidentiality(command, proposal);
    default:
      return assertNever(command, 'proposal command');
  }
}

export const proposalDecider: Decider<ProposalCommand, ProposalEvent, ProposalState> = { decide, evolve, initialState };

function existing(state: ProposalState): Proposal {
  if (state.status === 'none') throw notFound('PROPOSAL.NOT_FOUND', 'proposal not found');
  return state;
}

/** A 409 whose message names the state and why, as the gateway shows it to people. */
const refuse = refusal('Proposal');

/** Refuses unless the proposal is in one of `allowed` (all open); past it, the state has the open shape. */
function requireStatus(p: Proposal, allowed: readonly OpenStatus[], code: string, why: (s: ProposalStatus) => string): asserts p is OpenProposal {
  if (!(allowed as readonly ProposalStatus[]).includes(p.status)) throw refuse(code, p, why(p.status));
}

/** Only the two money fields go into an event, whatever else a caller sent; a missing amount is the rules' to report. */
const moneyOf = (m: Money): Money => (typeof m === 'object' && m !== null ? { amount: m.amount, currency: m.currency } : m);

function draftProposal(c: DraftProposal, state: ProposalState): ProposalEvent[] {
  if (state.status !== 'none') throw conflict('PROPOSAL.ALREADY_EXISTS', `proposal ${c.data.id} already exists`, { status: state.status });
  const d = c.data;
  const terms: ProposalTerms = {
    title: d.title,
    description: d.description ?? null,
    leadTeam: d.leadTeam,
    funderId: d.funderId,
    partnerIds: d.partnerIds ?? [],
    requestedAmount: d.requestedAmount,
    submissionDeadline: d.submissionDeadline,
    programme: d.programme,
    activityId: d.activityId ?? null,
  };
  const confidential = d.confidential === true;
  rejectIf('PROPOSAL.INVALID_TERMS', [
    ...termErrors(terms),
    ...partnerErrors(terms.partnerIds, terms.funderId),
    ...leadTeamErrors(confidential, terms.leadTeam),
  ]);
  return [
    {
      type: 'ProposalDrafted',
      data: {
        id: d.id,
        title: terms.title,
        leadTeam: terms.leadTeam,
        funderId: terms.funderId,
        partnerIds: [...terms.partnerIds],
        requestedAmount: moneyOf(terms.requestedAmount),
        programme: terms.programme,
        submissionDeadline: terms.submissionDeadline,
        activityId: terms.activityId,
        description: terms.description,
        confidential,
        at: c.now,
      },
    },
  ];
}

const REVISABLE: readonly OpenStatus[] = ['draft', 'revision-requested'];

function reviseDraft(c: ReviseDraft, p: Proposal): ProposalEvent[] {
  requireStatus(p, REVISABLE, 'PROPOSAL.NOT_REVISABLE', (s) =>
    s === 'submitted'
      ? 'it is with the funder; its fields can be revised once the funder requests a revision'
      : 'only a draft or a proposal returned for revision is revised',
  );
  const proposed = proposedTerms(c.data);
  const errors = [...termErrors(proposed), ...pairingErrors(p, proposed)];
  if (proposed.leadTeam !== undefined) errors.push(...leadTeamErrors(p.confidential, proposed.leadTeam));
  // Once with a funder, the amount is discussed in the currency it was asked in.
  if (p.status !== 'draft' && proposed.requestedAmount) {
    errors.push(...amountErrors('requestedAmount', proposed.requestedAmount, p.requestedAmount.currency).filter((e) => e.path === 'requestedAmount.currency'));
  }
  rejectIf('PROPOSAL.INVALID_TERMS', uniqueErrors(errors));
  const changes = Object.fromEntries(
    Object.entries(proposed).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify((p as unknown as Record<string, unknown>)[key])),
  ) as Partial<ProposalTerms>;
  if (Object.keys(changes).length === 0) throw refuse('PROPOSAL.TERMS_UNCHANGED', p, 'the revision changes nothing in the current fields');
  return [{ type: 'ProposalDraftRevised', data: { changes, at: c.now } }];
}

/** The funder and the partners stay apart whichever of the two a revision changes. */
function pairingErrors(p: OpenProposal, proposed: Partial<ProposalTerms>): FieldError[] {
  if (proposed.partnerIds !== undefined) return partnerErrors(proposed.partnerIds, proposed.funderId ?? p.funderId);
  const at = proposed.funderId === undefined ? -1 : p.partnerIds.indexOf(proposed.funderId);
  return at < 0 ? [] : [{ path: 'funderId', message: `is already a partner (partnerIds[${at}]); a funder is not also a partner` }];
}

/** Only a lead team's members see a confidential proposal: without one, nobody but admins and auditors would. */
function leadTeamErrors(confidential: boolean, leadTeam: string | null | undefined): FieldError[] {
  return confidential && isBlank(leadTeam) ? [{ path: 'leadTeam', message: 'a confidential proposal needs a lead team' }] : [];
}

const uniqueErrors = (errors: FieldError[]) => errors.filter((e, i) => errors.findIndex((x) => x.path === e.path && x.message === e.message) === i);

function proposedTerms(d: ReviseDraftData): Partial<ProposalTerms> {
  const t: Partial<ProposalTerms> = {};
  if (d.title !== undefined) t.title = d.title;
  if (d.description !== undefined) t.description = d.description;
  if (d.leadTeam !== undefined) t.leadTeam = d.leadTeam;
  if (d.funderId !== undefined) t.funderId = d.funderId;
  if (d.partnerIds !== undefined) t.partnerIds = d.partnerIds;
  if (d.requestedAmount !== undefined) t.requestedAmount = moneyOf(d.requestedAmount);
  if (d.submissionDeadline !== undefined) t.submissionDeadline = d.submissionDeadline;
  if (d.programme !== undefined) t.programme = d.programme;
  if (d.activityId !== undefined) t.activityId = d.activityId;
  return t;
}

function noteReview(c: NoteReview, p: Proposal): ProposalEvent[] {
  requireStatus(p, OPEN_STATUSES, 'PROPOSAL.NOT_OPEN', () => 'review notes are kept only while the proposal is open');
  if (isBlank(c.data.note)) rejectIf('PROPOSAL.INVALID_NOTE', [{ path: 'note', message: 'is required' }]);
  return [{ type: 'ProposalReviewNoted', data: { note: c.data.note, by: c.data.by ?? null, at: c.now } }];
}

function submit(c: SubmitProposal, p: Proposal): ProposalEvent[] {
  requireStatus(p, ['draft'], 'PROPOSAL.NOT_SUBMITTABLE', (s) =>
    s === 'revision-requested'
      ? 'the funder asked for a revision; send it as a resubmission'
      : s === 'submitted'
        ? 'it has already been submitted'
        : 'only a draft is submitted',
  );
  const lateReason = c.data.lateReason ?? null;
  if (lateReason !== null && !c.byAdmin) {
    throw new CodedError('PROPOSAL.LATE_SUBMISSION_FORBIDDEN', 'forbidden', 'Only an admin may give a lateReason and submit after the deadline');
  }
  if (c.today <= p.submissionDeadline) {
    // On time: there is nothing to excuse, so an admin's lateReason is not recorded.
    return [{ type: 'ProposalSubmitted', data: { submittedOn: c.today, late: false, lateReason: null, at: c.now } }];
  }
  if (!c.byAdmin || isBlank(lateReason)) {
    throw refuse(
      'PROPOSAL.DEADLINE_PASSED',
      p,
      `the submission deadline was ${p.submissionDeadline} and today is ${c.today}; an admin may submit late with a lateReason`,
      { submissionDeadline: p.submissionDeadline, today: c.today },
    );
  }
  return [{ type: 'ProposalSubmitted', data: { submittedOn: c.today, late: true, lateReason, at: c.now } }];
}

function decideOn(c: DecideProposal, p: Proposal): ProposalEvent[] {
  requireStatus(p, ['submitted'], 'PROPOSAL.NOT_DECIDABLE', (s) =>
    s === 'draft' || s === 'revision-requested' ? 'the funder decides only on a submitted proposal' : 'the funder has already decided or it was withdrawn',
  );
  const { outcome, awardedAmount } = c.data;
  if (!DECISION_OUTCOMES.includes(outcome)) {
    rejectIf('PROPOSAL.INVALID_DECISION', [{ path: 'outcome', message: `must be one of ${DECISION_OUTCOMES.join(', ')}` }]);
  }
  const errors = outcomeErrors(c.data);
  if (outcome === 'approved' && awardedAmount !== undefined && awardedAmount !== null) errors.push(...awardErrors(awardedAmount, p.requestedAmount));
  rejectIf('PROPOSAL.INVALID_DECISION', errors);
  const reasons = [...(c.data.reasons ?? [])];
  if (outcome === 'rejected') return [{ type: 'ProposalRejected', data: { reasons, at: c.now } }];
  if (outcome === 'revision-requested') return [{ type: 'ProposalRevisionRequested', data: { reasons, at: c.now } }];
  return [
    {
      type: 'ProposalApproved',
      data: {
        awardedAmount: moneyOf(awardedAmount as Money),
        reasons,
        proposalId: p.id,
        title: p.title,
        leadTeam: p.leadTeam,
        funderId: p.funderId,
        partnerIds: [...p.partnerIds],
        requestedAmount: moneyOf(p.requestedAmount),
        // the grant opened from it is as confidential as the proposal is now
        confidential: p.confidential,
        at: c.now,
      },
    },
  ];
}

/** A funder may award less than was asked, never more, and in the currency it was asked in. */
function awardErrors(awarded: Money | null | undefined, requested: Money): FieldError[] {
  const errors = amountErrors('awardedAmount', awarded, requested.currency);
  if (errors.length === 0 && (awarded as Money).amount > requested.amount) {
    errors.push({ path: 'awardedAmount.amount', message: `must not be more than the amount requested (${requested.amount} ${requested.currency})` });
  }
  return errors;
}

function resubmit(c: ResubmitProposal, p: Proposal): ProposalEvent[] {
  requireStatus(p, ['revision-requested'], 'PROPOSAL.NOT_RESUBMITTABLE', (s) =>
    s === 'draft' ? 'a draft is sent as a submission' : 'only a proposal the funder returned for revision is resubmitted',
  );
  const { requestedAmount, note } = c.data;
  const errors: FieldError[] = [];
  if (requestedAmount !== undefined && requestedAmount !== null) errors.push(...amountErrors('requestedAmount', requestedAmount, p.requestedAmount.currency));
  if (note !== undefined && note !== null && isBlank(note)) errors.push({ path: 'note', message: 'must not be blank' });
  rejectIf('PROPOSAL.INVALID_RESUBMISSION', errors);
  return [
    {
      type: 'ProposalResubmitted',
      data: { requestedAmount: moneyOf(requestedAmount ?? p.requestedAmount), note: note ?? null, at: c.now },
    },
  ];
}

function withdraw(c: WithdrawProposal, p: Proposal): ProposalEvent[] {
  requireStatus(p, OPEN_STATUSES, 'PROPOSAL.NOT_WITHDRAWABLE', () => 'only an open proposal (draft, submitted or revision-requested) is withdrawn');
  if (isBlank(c.data.reason)) rejectIf('PROPOSAL.INVALID_WITHDRAWAL', [{ path: 'reason', message: 'is required' }]);
  return [{ type: 'ProposalWithdrawn', data: { reason: c.data.reason, at: c.now } }];
}

/** In every status: a closed proposal's history is as sensitive as an open one's. */
function setConfidentiality(c: SetConfidentiality, p: Proposal): ProposalEvent[] {
  const confidential = c.data.confidential === true;
  if (confidential === p.confidential) return [];
  if (confidential && isBlank(p.leadTeam)) {
    throw refuse('PROPOSAL.NO_LEAD_TEAM', p, 'a confidential proposal needs a lead team, and this one has none');
  }
  if (confidential) assertMayMakeConfidential('PROPOSAL.NOT_LEAD_TEAM', 'proposal', p.leadTeam, c.by);
  return [{ type: 'ProposalConfidentialityChanged', data: { confidential, at: c.now } }];
}
