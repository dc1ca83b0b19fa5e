import {
  addDays,
  assertNever,
  conflict,
  notFound,
  refusal,
  rejectIf,
  type Decider,
  type FieldError,
  type Stamp,
  assertMayMakeConfidential,
  type ConfidentialityAuthor,
} from '@pmt/kernel';
import {
  evolve,
  initialState,
  termEndsOn,
  RENEWAL_GRACE_DAYS,
  type AmendmentChanges,
  type CollaborationLevel,
  type KpiTerms,
  type Mou,
  type MouEvent,
  type MouState,
  type MouStatus,
  type MouTerms,
  type PartyTerms,
} from './mou';
import { isCalendarDate, isInstant, isPositiveInteger, partyErrors, termErrors } from './mou.rules';

export interface KpiInput {
  id: string;
  name: string;
  target: number;
  unit?: string | null;
  owner?: string | null;
  dueOn?: string | null;
}

export interface CreateMouData {
  id: string;
  title: string;
  parties: PartyTerms[];
  cooperationAreas: string[];
  collaborationLevel: CollaborationLevel;
  effectiveFrom: string;
  termMonths: number;
  kpis?: KpiInput[];
  leadTeam?: string | null;
  description?: string | null;
  /** Only the lead team, admins and auditors see a confidential MOU; missing is false. */
  confidential?: boolean;
}

/** Any create field but `id`, `parties` and `confidential`; a missing field is left as it is, `null` clears an optional one. */
export type ReviseTermsData = Partial<Omit<CreateMouData, 'id' | 'parties' | 'confidential'>>;

/** Who asks to change an MOU's confidentiality: admins see everything; staff only their own teams' records. */
export type Requester = ConfidentialityAuthor;

export type CreateMou = Stamp & { type: 'CreateMou'; data: CreateMouData };
export type ReviseTerms = Stamp & { type: 'ReviseTerms'; data: ReviseTermsData };
export type RequestSignatures = Stamp & { type: 'RequestSignatures'; data: Record<string, never> };
export type SignMou = Stamp & { type: 'SignMou'; data: { organisationId: string; signedAt: string } };
export type ActivateMou = Stamp & { type: 'ActivateMou'; data: Record<string, never> };
export type AmendMou = Stamp & {
  type: 'AmendMou';
  data: { summary: string; changes: AmendmentChanges; effectiveOn: string };
};
export type ReportKpiProgress = Stamp & {
  type: 'ReportKpiProgress';
  data: { kpiId: string; value: number; reportedOn: string; note?: string | null };
};
export type RenewMou = Stamp & { type: 'RenewMou'; data: { termMonths: number } };
export type ExpireMou = Stamp & { type: 'ExpireMou'; data: Record<string, never> };
export type TerminateMou = Stamp & { type: 'TerminateMou'; data: { reason: string; effectiveOn: string } };
export type SetConfidentiality = Stamp & { type: 'SetConfidentiality'; data: { confidential: boolean; by: Requester } };

export type MouCommand =
  CreateMou | ReviseTerms | RequestSignatures | SignMou | ActivateMou | AmendMou | ReportKpiProgress | RenewMou | ExpireMou | TerminateMou | SetConfidentiality;

export function decide(command: MouCommand, state: MouState): MouEvent[] {
  if (command.type === 'CreateMou') return createMou(command, state);
  const mou = existing(state);
  switch (command.type) {
    case 'ReviseTerms':
      return reviseTerms(command, mou);
    case 'RequestSignatures':
      return requestSignatures(command, mou);
    case 'SignMou':
      return signMou(command, mou);
    case 'ActivateMou':
      return activateMou(command, mou);
    case 'AmendMou':
      return amendMou(command, mou);
    case 'ReportKpiProgress':
      return reportKpiProgress(command, mou);
    case 'RenewMou':
      return renewMou(command, mou);
    case 'ExpireMou':
      return expireMou(command, mou);
    case 'TerminateMou':
      return terminateMou(command, mou);
    case 'SetConfidentiality':
      return setConfidentiality(command, mou);
    default:
      return assertNever(command, 'MOU command');
  }
}

export const mouDecider: Decider<MouCommand, MouEvent, MouState> = { decide, evolve, initialState };

function existing(state: MouState): Mou {
  if (state.status === 'none') throw notFound('MOU.NOT_FOUND', 'MOU not found');
  return state;
}

/** A 409 whose message names the state and why, as the gateway shows it to people. */
const refuse = refusal('MOU');

/** Refuses unless the MOU is in one of `allowed`; past it, the state has that status's shape. */
function requireStatus<K extends MouStatus>(mou: Mou, allowed: K[], code: string, why: (s: MouStatus) => string): asserts mou is Extract<Mou, { status: K }> {
  if (!(allowed as MouStatus[]).includes(mou.status)) throw refuse(code, mou, why(mou.status));
}

const kpiTerms = (k: KpiInput): KpiTerms => ({
  id: k.id,
  name: k.name,
  target: k.target,
  unit: k.unit ?? null,
  owner: k.owner ?? null,
  dueOn: k.dueOn ?? null,
});

function createMou(c: CreateMou, state: MouState): MouEvent[] {
  if (state.status !== 'none') throw conflict('MOU.ALREADY_EXISTS', `MOU ${c.data.id} already exists`, { status: state.status });
  const d = c.data;
  const terms: MouTerms = {
    title: d.title,
    description: d.description ?? null,
    cooperationAreas: d.cooperationAreas,
    collaborationLevel: d.collaborationLevel,
    effectiveFrom: d.effectiveFrom,
    termMonths: d.termMonths,
    kpis: (d.kpis ?? []).map(kpiTerms),
    leadTeam: d.leadTeam ?? null,
  };
  const parties = d.parties.map((p) => ({
    organisationId: p.organisationId,
    signatoryName: p.signatoryName,
    signatoryTitle: p.signatoryTitle,
  }));
  const confidential = d.confidential === true;
  rejectIf('MOU.INVALID_TERMS', [...partyErrors(parties), ...termErrors(terms), ...leadTeamErrors(confidential, terms.leadTeam)]);
  const endsOn = termEndsOn(terms.effectiveFrom, terms.termMonths);
  return [{ type: 'MouDrafted', data: { id: d.id, ...terms, parties, endsOn, confidential, at: c.now } }];
}

/** A confidential MOU without a lead team would be seen by admins and auditors only: nobody could work on it. */
function leadTeamErrors(confidential: boolean, leadTeam: string | null): FieldError[] {
  return confidential && leadTeam === null ? [{ path: 'leadTeam', message: 'a confidential MOU needs a lead team' }] : [];
}

function reviseTerms(c: ReviseTerms, mou: Mou): MouEvent[] {
  requireStatus(
    mou,
    ['draft', 'awaiting-signatures'],
    'MOU.NOT_REVISABLE',
    () => 'terms can only be revised before every party has signed; record an amendment instead',
  );
  const proposed = proposedTerms(c.data);
  rejectIf('MOU.INVALID_TERMS', [
    ...termErrors(proposed),
    ...leadTeamErrors(mou.confidential, proposed.leadTeam === undefined ? mou.leadTeam : proposed.leadTeam),
  ]);
  const terms = mou.terms as unknown as Record<string, unknown>;
  const changes = Object.fromEntries(
    Object.entries(proposed).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(terms[key])),
  ) as Partial<MouTerms>;
  if (Object.keys(changes).length === 0) {
    throw refuse('MOU.TERMS_UNCHANGED', mou, 'the revision changes nothing in the current terms');
  }
  const endsOn = termEndsOn(changes.effectiveFrom ?? mou.terms.effectiveFrom, changes.termMonths ?? mou.terms.termMonths);
  return [
    {
      type: 'MouTermsRevised',
      data: {
        changes,
        endsOn,
        signaturesCleared: mou.parties.filter((p) => p.signedAt !== null).map((p) => p.organisationId),
        returnedToDraft: mou.status === 'awaiting-signatures',
        at: c.now,
      },
    },
  ];
}

function proposedTerms(d: ReviseTermsData): Partial<MouTerms> {
  const t: Partial<MouTerms> = {};
  if (d.title !== undefined) t.title = d.title;
  if (d.description !== undefined) t.description = d.description;
  if (d.cooperationAreas !== undefined) t.cooperationAreas = d.cooperationAreas;
  if (d.collaborationLevel !== undefined) t.collaborationLevel = d.collaborationLevel;
  if (d.effectiveFrom !== undefined) t.effectiveFrom = d.effectiveFrom;
  if (d.termMonths !== undefined) t.termMonths = d.termMonths;
  if (d.kpis !== undefined) t.kpis = d.kpis.map(kpiTerms);
  if (d.leadTeam !== undefined) t.leadTeam = d.leadTeam;
  return t;
}

function requestSignatures(c: RequestSignatures, mou: Mou): MouEvent[] {
  requireStatus(mou, ['draft'], 'MOU.NOT_IN_DRAFT', (s) =>
    s === 'awaiting-signatures' ? 'signatures have already been requested' : 'signatures are requested only for a draft',
  );
  return [{ type: 'MouSignatureRequested', data: { at: c.now } }];
}

/** How far ahead of `now` a given signature time may be: client clocks drift. */
const SIGNATURE_CLOCK_SKEW_MS = 5 * 60 * 1000;

function signMou(c: SignMou, mou: Mou): MouEvent[] {
  requireStatus(mou, ['awaiting-signatures'], 'MOU.NOT_SIGNABLE', (s) =>
    s === 'draft' ? 'signatures can only be given after a signature request' : 'signatures are only given while the MOU awaits them',
  );
  const { organisationId, signedAt } = c.data;
  const party = mou.parties.find((p) => p.organisationId === organisationId);
  const partyIds = mou.parties.map((p) => p.organisationId);
  if (!party) {
    throw refuse('MOU.NOT_A_PARTY', mou, `organisation ${organisationId} is not a party; the parties are ${partyIds.join(', ')}`, {
      organisationId,
      parties: partyIds,
    });
  }
  if (party.signedAt !== null) {
    throw refuse('MOU.ALREADY_SIGNED', mou, `organisation ${organisationId} already signed at ${party.signedAt}`, {
      organisationId,
      signedAt: party.signedAt,
    });
  }
  if (!isInstant(signedAt)) rejectIf('MOU.INVALID_SIGNATURE', [{ path: 'signedAt', message: 'must be an ISO-8601 instant' }]);
  if (Date.parse(signedAt) > Date.parse(c.now) + SIGNATURE_CLOCK_SKEW_MS) {
    rejectIf('MOU.INVALID_SIGNATURE', [{ path: 'signedAt', message: 'cannot be later than now' }]);
  }
  const events: MouEvent[] = [{ type: 'MouSigned', data: { organisationId, signedAt, at: c.now } }];
  if (mou.parties.some((p) => p.signedAt === null && p.organisationId !== organisationId)) return events;

  // Signatures may be recorded after the ceremony, so the MOU was fully signed when its last signature was given.
  const lastSignedAt = mou.parties
    .map((p) => p.signedAt)
    .reduce<string>((latest, at) => (at !== null && Date.parse(at) > Date.parse(latest) ? at : latest), signedAt);
  const signedOn = min(isoDate(lastSignedAt), c.today);
  events.push({ type: 'MouFullySigned', data: { signedOn, at: c.now } });
  if (mou.terms.effectiveFrom <= c.today) {
    events.push({ type: 'MouActivated', data: { activatedOn: max(mou.terms.effectiveFrom, signedOn), at: c.now } });
  }
  return events;
}

/** Calendar date of an instant in UTC; off by a day only for signatures between midnight and 07:00 in Thailand. */
const isoDate = (instant: string) => new Date(Date.parse(instant)).toISOString().slice(0, 10);
const min = (a: string, b: string) => (a <= b ? a : b);
const max = (a: string, b: string) => (a >= b ? a : b);

/**
 * An MOU whose term has ended is no longer in force even before the scheduler records the expiry: it waits while
 * the MOU's past is being entered (backfill), so a change dated after the term's end must not find it "active".
 */
function requireTermRunning(c: Stamp, mou: Mou, code: string, why: string): void {
  if (mou.status === 'active' && c.today > mou.endsOn) {
    throw refuse(code, mou, `${why}; its term ended on ${mou.endsOn} (today is ${c.today})`, { endsOn: mou.endsOn });
  }
}

function activateMou(c: ActivateMou, mou: Mou): MouEvent[] {
  requireStatus(mou, ['signed'], 'MOU.NOT_ACTIVATABLE', () => 'only a fully signed MOU that is not yet in force is activated');
  if (c.today < mou.effectiveFrom) {
    throw refuse('MOU.NOT_YET_EFFECTIVE', mou, `it takes effect on ${mou.effectiveFrom}, today is ${c.today}`, {
      effectiveFrom: mou.effectiveFrom,
    });
  }
  // The business date it came into force, even if the scheduler runs late.
  const activatedOn = max(mou.effectiveFrom, mou.fullySignedOn);
  return [{ type: 'MouActivated', data: { activatedOn, at: c.now } }];
}

function amendMou(c: AmendMou, mou: Mou): MouEvent[] {
  requireStatus(mou, ['active'], 'MOU.NOT_AMENDABLE', (s) =>
    s === 'draft' || s === 'awaiting-signatures' ? 'only an MOU in force is amended; revise the terms before it is signed' : 'only an MOU in force is amended',
  );
  requireTermRunning(c, mou, 'MOU.NOT_AMENDABLE', 'only an MOU in force is amended');
  const { summary, changes, effectiveOn } = c.data;
  const errors: FieldError[] = [];
  if (typeof summary !== 'string' || summary.trim() === '') errors.push({ path: 'summary', message: 'is required' });
  if (!isCalendarDate(effectiveOn)) errors.push({ path: 'effectiveOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  const isObject = typeof changes === 'object' && changes !== null && !Array.isArray(changes);
  if (!(typeof changes === 'string' ? changes.trim() !== '' : isObject && Object.keys(changes).length > 0)) {
    errors.push({ path: 'changes', message: 'must be text or an object naming what changed' });
  }
  rejectIf('MOU.INVALID_AMENDMENT', errors);
  return [{ type: 'MouAmended', data: { number: mou.amendmentCount + 1, summary, changes, effectiveOn, at: c.now } }];
}

function reportKpiProgress(c: ReportKpiProgress, mou: Mou): MouEvent[] {
  requireStatus(mou, ['active'], 'MOU.KPI_NOT_REPORTABLE', () => 'KPI progress is reported only while the MOU is in force');
  requireTermRunning(c, mou, 'MOU.KPI_NOT_REPORTABLE', 'KPI progress is reported only while the MOU is in force');
  const { kpiId, value, reportedOn } = c.data;
  if (!mou.kpiIds.includes(kpiId)) {
    const known = mou.kpiIds;
    rejectIf('MOU.UNKNOWN_KPI', [{ path: 'kpiId', message: known.length ? `is not a KPI of this MOU (KPIs: ${known.join(', ')})` : 'this MOU has no KPIs' }]);
  }
  const errors: FieldError[] = [];
  if (typeof value !== 'number' || !Number.isFinite(value)) errors.push({ path: 'value', message: 'must be a number' });
  if (!isCalendarDate(reportedOn)) errors.push({ path: 'reportedOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  else if (reportedOn > c.today) errors.push({ path: 'reportedOn', message: `cannot be after today (${c.today})` });
  rejectIf('MOU.INVALID_PROGRESS', errors);
  return [{ type: 'KpiProgressReported', data: { kpiId, value, reportedOn, note: c.data.note ?? null, at: c.now } }];
}

function renewMou(c: RenewMou, mou: Mou): MouEvent[] {
  requireStatus(mou, ['active', 'expired'], 'MOU.NOT_RENEWABLE', () => 'only an MOU in force or recently expired is renewed');
  const { termMonths } = c.data;
  if (!isPositiveInteger(termMonths)) {
    rejectIf('MOU.INVALID_TERM', [{ path: 'termMonths', message: 'must be a positive whole number of months' }]);
  }
  const lastDay = addDays(mou.endsOn, RENEWAL_GRACE_DAYS);
  if (c.today > lastDay) {
    throw refuse('MOU.RENEWAL_WINDOW_CLOSED', mou, `its term ended on ${mou.endsOn}; renewal was possible until ${lastDay}`, {
      endsOn: mou.endsOn,
      renewableUntil: lastDay,
    });
  }
  // The new term follows the old one without a gap, even when renewed during the grace period.
  const startsOn = addDays(mou.endsOn, 1);
  const endsOn = termEndsOn(startsOn, termMonths);
  return [{ type: 'MouRenewed', data: { termMonths, previousEndsOn: mou.endsOn, startsOn, endsOn, at: c.now } }];
}

function expireMou(c: ExpireMou, mou: Mou): MouEvent[] {
  requireStatus(mou, ['active'], 'MOU.NOT_EXPIRABLE', () => 'only an MOU in force expires');
  if (c.today <= mou.endsOn) {
    throw refuse('MOU.TERM_NOT_ENDED', mou, `its term runs until ${mou.endsOn}, today is ${c.today}`, { endsOn: mou.endsOn });
  }
  return [{ type: 'MouExpired', data: { expiredOn: addDays(mou.endsOn, 1), at: c.now } }];
}

function terminateMou(c: TerminateMou, mou: Mou): MouEvent[] {
  requireStatus(mou, ['signed', 'active'], 'MOU.NOT_TERMINABLE', (s) =>
    s === 'draft' || s === 'awaiting-signatures' ? 'an MOU is terminated only once every party has signed' : 'the MOU is no longer in force',
  );
  requireTermRunning(c, mou, 'MOU.NOT_TERMINABLE', 'the MOU is no longer in force');
  const { reason, effectiveOn } = c.data;
  const errors: FieldError[] = [];
  if (typeof reason !== 'string' || reason.trim() === '') errors.push({ path: 'reason', message: 'is required' });
  if (!isCalendarDate(effectiveOn)) errors.push({ path: 'effectiveOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  rejectIf('MOU.INVALID_TERMINATION', errors);
  return [{ type: 'MouTerminated', data: { reason, effectiveOn, at: c.now } }];
}

/**
 * Allowed in every status: who may see an MOU can matter as much after it ends as before. Opening it again needs
 * only to see it (others never reach the decider); closing it is for its lead team, or an admin.
 */
function setConfidentiality(c: SetConfidentiality, mou: Mou): MouEvent[] {
  const { confidential, by } = c.data;
  if (confidential === mou.confidential) return [];
  if (confidential && mou.leadTeam === null) {
    throw refuse('MOU.NO_LEAD_TEAM', mou, 'a confidential MOU needs a lead team; set leadTeam first');
  }
  if (confidential) assertMayMakeConfidential('MOU.NOT_LEAD_TEAM', 'MOU', mou.leadTeam as string, by);
  return [{ type: 'MouConfidentialityChanged', data: { confidential, at: c.now } }];
}
