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
import { evolve, initialState, type ActiveGrant, type Grant, type GrantEvent, type GrantState, type TrancheTerms } from './grant';
import { addTo, formatMoney, subtract, sumOf } from './grant.money';
import { grantPartnerRuleErrors, grantPeriodErrors, isBlank, isCalendarDate, moneyErrors, pastDateErrors } from './grant.rules';

/** What a grant is opened with, from POST /grants or from a proposal's approval. */
export interface OpenGrantData {
  id: string;
  proposalId?: string | null;
  title?: string | null;
  funderId: string;
  partnerIds?: string[];
  leadTeam?: string | null;
  awardedAmount: Money;
  startsOn: string;
  endsOn: string;
  /** Only its lead team, admins and auditors see it; needs a lead team. */
  confidential?: boolean;
}

/** A grant opened without a title (directly, before anyone named it) reads as this. */
export const UNTITLED = 'Untitled grant';

export type OpenGrant = Stamp & { type: 'OpenGrant'; data: OpenGrantData };
export type ScheduleTranches = Stamp & { type: 'ScheduleTranches'; data: { tranches: TrancheTerms[] } };
export type DisburseFunds = Stamp & {
  type: 'DisburseFunds';
  /** `requestedBy` is the actor; above `fourEyesThreshold` (minor units; null = off) the disbursement waits for a second person. */
  data: { disbursementId: string; amount: Money; disbursedOn: string; trancheId?: string | null; requestedBy?: string; fourEyesThreshold?: number | null };
};
export type ConfirmDisbursement = Stamp & { type: 'ConfirmDisbursement'; data: { disbursementId: string; confirmedBy: string } };
export type RecordExpenditure = Stamp & {
  type: 'RecordExpenditure';
  data: { expenditureId: string; amount: Money; spentOn: string; category: string; disbursementId?: string | null };
};
export type CommitCoInvestment = Stamp & {
  type: 'CommitCoInvestment';
  data: { coInvestmentId: string; organisationId: string; amount: Money; committedOn: string };
};
export type CloseOutGrant = Stamp & { type: 'CloseOutGrant'; data: { reason?: string | null } };
/**
 * `by`: whether the caller sees every record (admin, auditor, or the service's own call) and the caller's teams;
 * staff may make confidential only a grant their team leads.
 */
export type SetGrantConfidentiality = Stamp & {
  type: 'SetConfidentiality';
  data: { confidential: boolean };
  by: ConfidentialityAuthor;
};

export type GrantCommand =
  OpenGrant | ScheduleTranches | DisburseFunds | ConfirmDisbursement | RecordExpenditure | CommitCoInvestment | CloseOutGrant | SetGrantConfidentiality;

export function decide(command: GrantCommand, state: GrantState): GrantEvent[] {
  if (command.type === 'OpenGrant') return openGrant(command, state);
  const grant = existing(state);
  switch (command.type) {
    case 'ScheduleTranches':
      return scheduleTranches(command, grant);
    case 'DisburseFunds':
      return disburseFunds(command, grant);
    case 'ConfirmDisbursement':
      return confirmDisbursement(command, grant);
    case 'RecordExpenditure':
      return recordExpenditure(command, grant);
    case 'CommitCoInvestment':
      return commitCoInvestment(command, grant);
    case 'CloseOutGrant':
      return closeOut(command, grant);
    case 'SetConfidentiality':
      return setConfidentiality(command, grant);
    default:
      return assertNever(command, 'grant command');
  }
}

export const grantDecider: Decider<GrantCommand, GrantEvent, GrantState> = { decide, evolve, initialState };

function existing(state: GrantState): Grant {
  if (state.status === 'none') throw notFound('GRANT.NOT_FOUND', 'grant not found');
  return state;
}

/** A 409 whose message names the state and why, as the gateway shows it to people. */
const refuse = refusal('Grant');

/** After close-out the books of the grant are shut: nothing more is recorded on it. */
function requireOpen(grant: Grant, what: string): asserts grant is ActiveGrant {
  if (grant.status !== 'open') {
    throw refuse('GRANT.CLOSED', grant, `it was closed out at ${grant.closedAt}; no more ${what} can be recorded`);
  }
}

const isGreater = (a: Money, b: Money) => a.amount > b.amount;

function openGrant(c: OpenGrant, state: GrantState): GrantEvent[] {
  const d = c.data;
  if (state.status !== 'none') {
    const of = state.proposalId ? `a grant for proposal ${state.proposalId}` : `grant ${d.id}`;
    const funded = state.proposalId ? `: the proposal is already funded, and one proposal has one grant` : '';
    throw conflict('GRANT.ALREADY_EXISTS', `${of} already exists (id ${state.id}, ${state.status})${funded}`, { status: state.status, id: state.id });
  }
  const partnerIds = d.partnerIds ?? [];
  const errors: FieldError[] = [];
  if (d.proposalId !== undefined && d.proposalId !== null && isBlank(d.proposalId)) errors.push({ path: 'proposalId', message: 'must not be blank' });
  if (d.title !== undefined && d.title !== null && isBlank(d.title)) errors.push({ path: 'title', message: 'must not be blank' });
  if (isBlank(d.funderId)) errors.push({ path: 'funderId', message: 'is required' });
  if (!Array.isArray(partnerIds)) errors.push({ path: 'partnerIds', message: 'must be a list of organisation ids' });
  else errors.push(...grantPartnerRuleErrors(d));
  errors.push(...moneyErrors(d.awardedAmount, 'awardedAmount'));
  if (!isCalendarDate(d.startsOn)) errors.push({ path: 'startsOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  if (!isCalendarDate(d.endsOn)) errors.push({ path: 'endsOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  else errors.push(...grantPeriodErrors(d));
  const confidential = d.confidential === true;
  // only a lead team's members see a confidential grant: without one, nobody but admins and auditors would
  if (confidential && isBlank(d.leadTeam)) errors.push({ path: 'leadTeam', message: 'a confidential grant needs a lead team' });
  rejectIf('GRANT.INVALID_TERMS', errors);
  return [
    {
      type: 'GrantOpened',
      data: {
        id: d.id,
        proposalId: d.proposalId ?? null,
        title: d.title ?? UNTITLED,
        funderId: d.funderId,
        partnerIds,
        leadTeam: d.leadTeam ?? null,
        awardedAmount: { amount: d.awardedAmount.amount, currency: d.awardedAmount.currency },
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        confidential,
        at: c.now,
      },
    },
  ];
}

function scheduleTranches(c: ScheduleTranches, grant: Grant): GrantEvent[] {
  requireOpen(grant, 'tranches');
  const { tranches } = c.data;
  const currency = grant.awardedAmount.currency;
  const errors: FieldError[] = [];
  if (!Array.isArray(tranches) || tranches.length === 0) {
    rejectIf('GRANT.INVALID_TRANCHES', [{ path: 'tranches', message: 'name at least one tranche' }]);
  }
  const known = new Set(grant.trancheIds);
  tranches.forEach((t, i) => {
    if (typeof t !== 'object' || t === null) return void errors.push({ path: `tranches[${i}]`, message: 'must be { dueOn, amount }' });
    if (isBlank(t.id) || known.has(t.id)) errors.push({ path: `tranches[${i}].id`, message: 'must be a new tranche id' });
    known.add(t.id);
    if (!isCalendarDate(t.dueOn)) errors.push({ path: `tranches[${i}].dueOn`, message: 'must be a calendar date (YYYY-MM-DD)' });
    errors.push(...moneyErrors(t.amount, `tranches[${i}].amount`, currency));
  });
  rejectIf('GRANT.INVALID_TRANCHES', errors);
  const requested = sumOf(
    tranches.map((t) => t.amount),
    currency,
  );
  const unscheduled = subtract(grant.awardedAmount, grant.totals.scheduled);
  if (isGreater(requested, unscheduled)) {
    throw refuse(
      'GRANT.OVER_SCHEDULED',
      grant,
      `scheduling ${formatMoney(requested)} would exceed the awarded ${formatMoney(grant.awardedAmount)}; ${formatMoney(unscheduled)} remains unscheduled`,
      { requested, unscheduled },
    );
  }
  return [
    {
      type: 'TranchesScheduled',
      data: { tranches: tranches.map((t) => ({ id: t.id, dueOn: t.dueOn, amount: { amount: t.amount.amount, currency } })), at: c.now },
    },
  ];
}

function disburseFunds(c: DisburseFunds, grant: Grant): GrantEvent[] {
  requireOpen(grant, 'disbursements');
  const { disbursementId, amount, disbursedOn } = c.data;
  const trancheId = c.data.trancheId ?? null;
  const errors = [...moneyErrors(amount, 'amount', grant.awardedAmount.currency), ...pastDateErrors(disbursedOn, 'disbursedOn', c.today)];
  if (trancheId !== null && !grant.trancheIds.includes(trancheId)) {
    const ids = grant.trancheIds;
    errors.push({
      path: 'trancheId',
      message: ids.length ? `is not a tranche of this grant (tranches: ${ids.join(', ')})` : 'this grant has no tranches scheduled',
    });
  }
  rejectIf('GRANT.INVALID_DISBURSEMENT', errors);
  // money waiting for its second pair of eyes is already promised: it is not there to disburse twice
  const remaining = grant.pending.reduce((left, p) => subtract(left, p.amount), grant.totals.remaining);
  if (isGreater(amount, remaining)) {
    throw refuse(
      'GRANT.OVER_DISBURSED',
      grant,
      `disbursing ${formatMoney(amount)} would exceed the awarded ${formatMoney(grant.awardedAmount)}; ${formatMoney(remaining)} remains`,
      { requested: amount, remaining },
    );
  }
  const threshold = c.data.fourEyesThreshold ?? null;
  if (threshold !== null && amount.amount > threshold) {
    const requestedBy = c.data.requestedBy ?? 'unknown';
    return [{ type: 'DisbursementRequested', data: { disbursementId, amount: { ...amount }, disbursedOn, trancheId, requestedBy, threshold, at: c.now } }];
  }
  return [{ type: 'FundsDisbursed', data: { disbursementId, amount: { ...amount }, disbursedOn, trancheId, at: c.now } }];
}

/** The second pair of eyes: someone other than the requester; once only. */
function confirmDisbursement(c: ConfirmDisbursement, grant: Grant): GrantEvent[] {
  requireOpen(grant, 'confirmations');
  const { disbursementId, confirmedBy } = c.data;
  const pending = grant.pending.find((p) => p.id === disbursementId);
  if (!pending) {
    if (grant.disbursements.some((d) => d.id === disbursementId)) {
      throw conflict('GRANT.DISBURSEMENT_ALREADY_CONFIRMED', `disbursement ${disbursementId} is already counted; it cannot be confirmed again`, {
        disbursementId,
      });
    }
    throw notFound('GRANT.DISBURSEMENT_NOT_FOUND', `disbursement ${disbursementId} is not a disbursement of this grant`);
  }
  if (pending.requestedBy === confirmedBy) {
    throw new CodedError('GRANT.FOUR_EYES', 'forbidden', `disbursement ${disbursementId} was requested by you; another staff member must confirm it`);
  }
  const { amount, disbursedOn, trancheId, requestedBy } = pending;
  return [{ type: 'DisbursementConfirmed', data: { disbursementId, amount: { ...amount }, disbursedOn, trancheId, requestedBy, confirmedBy, at: c.now } }];
}

function recordExpenditure(c: RecordExpenditure, grant: Grant): GrantEvent[] {
  requireOpen(grant, 'expenditures');
  const { expenditureId, amount, spentOn, category } = c.data;
  const disbursementId = c.data.disbursementId ?? null;
  const errors = [...moneyErrors(amount, 'amount', grant.awardedAmount.currency), ...pastDateErrors(spentOn, 'spentOn', c.today)];
  if (isBlank(category)) errors.push({ path: 'category', message: 'is required' });
  const disbursement = disbursementId === null ? undefined : grant.disbursements.find((d) => d.id === disbursementId);
  if (disbursementId !== null && !disbursement) {
    const ids = grant.disbursements.map((d) => d.id);
    errors.push({
      path: 'disbursementId',
      message: ids.length ? `is not a disbursement of this grant (disbursements: ${ids.join(', ')})` : 'nothing has been disbursed on this grant yet',
    });
  }
  rejectIf('GRANT.INVALID_EXPENDITURE', errors);
  const unspent = grant.totals.unspent;
  if (isGreater(amount, unspent)) {
    throw refuse(
      'GRANT.OVER_SPENT',
      grant,
      `spending ${formatMoney(amount)} would exceed the money disbursed and not yet spent; ${formatMoney(unspent)} remains`,
      { requested: amount, unspent },
    );
  }
  if (disbursement) {
    const left = subtract(disbursement.amount, disbursement.spent);
    if (isGreater(amount, left)) {
      throw refuse(
        'GRANT.OVER_SPENT',
        grant,
        `spending ${formatMoney(amount)} would exceed what is left of disbursement ${disbursement.id}; ${formatMoney(left)} of it remains`,
        { requested: amount, unspent: left, disbursementId: disbursement.id },
      );
    }
  }
  return [{ type: 'ExpenditureRecorded', data: { expenditureId, amount: { ...amount }, spentOn, category, disbursementId, at: c.now } }];
}

/** Co-investors commit their own money in their own currency; nothing caps it. */
function commitCoInvestment(c: CommitCoInvestment, grant: Grant): GrantEvent[] {
  requireOpen(grant, 'co-investments');
  const { coInvestmentId, organisationId, amount, committedOn } = c.data;
  const errors = [...moneyErrors(amount, 'amount'), ...pastDateErrors(committedOn, 'committedOn', c.today)];
  if (isBlank(organisationId)) errors.push({ path: 'organisationId', message: 'is required' });
  rejectIf('GRANT.INVALID_CO_INVESTMENT', errors);
  // the per-currency total must stay exact: past the safe-integer range this throws MONEY.OVERFLOW (422), nothing recorded
  const sameCurrency = grant.coInvested.find((m) => m.currency === amount.currency);
  if (sameCurrency) addTo(sameCurrency, amount);
  return [{ type: 'CoInvestmentCommitted', data: { coInvestmentId, organisationId, amount: { ...amount }, committedOn, at: c.now } }];
}

/** Closing with money unaccounted for must say why; the event keeps how much it was. */
function closeOut(c: CloseOutGrant, grant: Grant): GrantEvent[] {
  requireOpen(grant, 'changes');
  // a closed grant takes no confirmation, so a pending disbursement would wait for ever: confirm it (or not) first
  if (grant.pending.length > 0) {
    const ids = grant.pending.map((p) => p.id).join(', ');
    throw refuse('GRANT.DISBURSEMENT_PENDING', grant, `disbursement ${ids} awaits a second person's confirmation; confirm it before closing out`, {
      pending: grant.pending.map((p) => p.id),
    });
  }
  const reason = isBlank(c.data.reason) ? null : (c.data.reason as string);
  const undisbursed = grant.totals.remaining;
  const unspent = grant.totals.unspent;
  if ((undisbursed.amount > 0 || unspent.amount > 0) && reason === null) {
    const parts = [
      ...(undisbursed.amount > 0 ? [`${formatMoney(undisbursed)} of the awarded ${formatMoney(grant.awardedAmount)} is not disbursed`] : []),
      ...(unspent.amount > 0 ? [`${formatMoney(unspent)} disbursed is not spent`] : []),
    ];
    throw refuse('GRANT.MONEY_UNACCOUNTED', grant, `${parts.join(' and ')}; give a reason to close it out anyway`, { undisbursed, unspent });
  }
  return [{ type: 'GrantClosedOut', data: { reason, undisbursed, unspent, at: c.now } }];
}

/** In every status: a closed grant's books are as sensitive as an open one's. */
function setConfidentiality(c: SetGrantConfidentiality, grant: Grant): GrantEvent[] {
  const confidential = c.data.confidential === true;
  if (confidential === grant.confidential) return [];
  if (!confidential) return [{ type: 'GrantConfidentialityChanged', data: { confidential, at: c.now } }];
  if (grant.leadTeam === null || isBlank(grant.leadTeam)) {
    throw refuse('GRANT.NO_LEAD_TEAM', grant, 'a confidential grant needs a lead team, and this one has none');
  }
  assertMayMakeConfidential('GRANT.NOT_LEAD_TEAM', 'grant', grant.leadTeam, c.by);
  return [{ type: 'GrantConfidentialityChanged', data: { confidential, at: c.now } }];
}
