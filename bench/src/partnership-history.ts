// The history part 6 loads: organisations, MOUs, proposals, grants and activities, decided by the services' own
// deciders and written straight into each service's SQLite file before the stack starts. Loading it through
// HTTP would take most of an hour here (~250 commands/s); written this way it takes seconds, and the stores
// hold what the services would have stored (same events, envelopes, stream versions and hash chain). The
// relays then publish it at start and the partners service mirrors and folds it as it would after an outage.
import { join } from 'node:path';
import { openDatabase, SqliteEventStore, type Database } from '@pmt/event-store-sqlite';
import { addDays, newId, officeDate, type Decider, type DomainEvent, type Money, type PendingEvent } from '@pmt/kernel';
import { activityDecider, type ActivityCommand, type ActivityKind } from '../../services/events/src/activity';
import { grantDecider, grantFromApproval, grantIdOf, openGrantCommandIdOf, type GrantCommand } from '../../services/funding/src/grant';
import { APPROVALS_ACTOR } from '../../services/funding/src/grant/approvals/approvals-consumer';
import { mouDecider, type MouCommand } from '../../services/mous/src/mou';
import { organisationDecider, type OrganisationCommand, type OrganisationKind } from '../../services/partners/src/organisation';
import { proposalDecider, type ProposalCommand } from '../../services/proposals/src/proposal';
import { seededRandom } from './mou-workload';

const DAY = 86_400_000;
const ACTOR = 'officer@bench.example';
export const TEAMS = ['IASA', 'NMCO', 'IMO'] as const;
const KINDS: OrganisationKind[] = ['government', 'private', 'academic', 'international', 'nonprofit', 'community'];
const ACTIVITY_KINDS: ActivityKind[] = ['workshop', 'training', 'networking', 'review', 'competition'];
/** What a tracked organisation's grant awards: the lag samples disburse from it for the whole run. */
const TRACKED_AWARD = 1_000_000_000_000;

/** An organisation only the lag samplers touch, so that they know exactly what its partnership document must show. */
export interface TrackedOrganisation {
  organisationId: string;
  mouId: string;
  kpiId: string;
  grantId: string;
}

export interface History {
  organisations: string[];
  /** Funders of proposals and grants (2 % of the organisations, like the few funding agencies of an office). */
  funders: string[];
  /** Every organisation but the tracked ones: what the load and the reads pick from. */
  ordinary: string[];
  tracked: TrackedOrganisation[];
  /** Active MOUs (KPIs kpi-1 and kpi-2) and open THB grants of ordinary organisations, for the load. */
  loadMous: string[];
  loadGrants: string[];
  /** Draft proposals whose deadline is a year ahead, for the load's submissions. */
  drafts: string[];
  /** Events written per producing service (`partners` holds only the registrations). */
  events: Record<'partners' | 'mous' | 'proposals' | 'funding' | 'events', number>;
  entities: { mous: number; proposals: number; grants: number; activities: number };
  ms: number;
}

interface Meta {
  commandId?: string;
  causationId?: string;
  actor?: string;
}

/** One service's store, appended to as its command handler would: decide against the stream's state, append at its version. */
class ServiceLog<C extends { now: string }, E extends DomainEvent, S> {
  private readonly db: Database;
  private readonly store: SqliteEventStore;
  private readonly streams = new Map<string, { state: S; version: number }>();
  private appends = 0;
  events = 0;

  constructor(
    file: string,
    private readonly category: string,
    private readonly decider: Decider<C, E, S>,
  ) {
    this.db = openDatabase(file);
    this.store = new SqliteEventStore(this.db);
    // One fsync per few thousand commands instead of one each: the service's own appends are one transaction each.
    this.db.exec('BEGIN');
  }

  /** The events the command produced, with the ids they were stored under. */
  async run(id: string, command: C, meta: Meta = {}): Promise<Array<E & { id: string }>> {
    const stream = this.streams.get(id) ?? { state: this.decider.initialState(), version: 0 };
    const decided = this.decider.decide(command, stream.state);
    const commandId = meta.commandId ?? newId();
    const correlationId = newId();
    const cause = meta.causationId ?? commandId;
    const events: PendingEvent[] = decided.map((e, i) => ({
      id: newId(),
      type: e.type,
      schemaVersion: 1,
      data: e.data,
      actor: meta.actor ?? ACTOR,
      correlationId,
      causationId: i === 0 ? cause : `${cause}#${i}`,
      occurredAt: command.now,
    }));
    await this.store.append({ streamId: `${this.category}-${id}`, expectedVersion: stream.version, commandId, events });
    stream.state = decided.reduce(this.decider.evolve, stream.state);
    stream.version += decided.length;
    this.streams.set(id, stream);
    this.events += decided.length;
    if (++this.appends % 5000 === 0) {
      this.db.exec('COMMIT');
      this.db.exec('BEGIN');
    }
    return decided.map((e, i) => ({ ...e, id: events[i].id }));
  }

  async close(): Promise<void> {
    this.db.exec('COMMIT');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    await this.store.close();
    this.db.close();
  }
}

/** Commands of many entities, run in the order of their instants, so the logs interleave as an office's would. */
class Timeline {
  private readonly steps: Array<{ at: number; seq: number; run: () => Promise<unknown> }> = [];
  add(at: number, run: () => Promise<unknown>): void {
    this.steps.push({ at, seq: this.steps.length, run });
  }
  async play(): Promise<void> {
    this.steps.sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const step of this.steps) await step.run();
  }
}

const stamp = (t: number) => {
  const now = new Date(t).toISOString();
  return { now, today: officeDate(now) };
};

/**
 * Writes `organisations` organisations and a history proportional to them into `<dataDir>/<service>.sqlite`:
 * per 10 organisations 1 MOU (2 or 3 parties), 5 proposals, the grants of the approved ones plus a few direct
 * ones, and 1 activity. The last `tracked` organisations are kept apart for the lag samples.
 */
export async function writeHistory(dataDir: string, organisations: number, tracked: number, seed = 6): Promise<History> {
  const started = Date.now();
  const random = seededRandom(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const pickDistinct = (list: readonly string[], n: number, not: readonly string[] = []) => {
    const out: string[] = [];
    while (out.length < n) {
      const id = pick(list);
      if (!out.includes(id) && !not.includes(id)) out.push(id);
    }
    return out;
  };
  const NOW = Date.now();
  // Lives start 500 days to three years ago and last at most ~480 days, so every event is history by now.
  const EARLIEST = NOW - 3 * 365 * DAY;
  const start = () => EARLIEST + Math.floor(random() * (3 * 365 - 500) * DAY);
  const thb = (baht: number): Money => ({ amount: Math.round(baht) * 100, currency: 'THB' });

  const file = (service: string) => join(dataDir, `${service}.sqlite`);
  const partners = new ServiceLog<OrganisationCommand, DomainEvent, unknown>(file('partners'), 'organisation', organisationDecider as never);
  const mous = new ServiceLog<MouCommand, DomainEvent, unknown>(file('mous'), 'mou', mouDecider as never);
  const proposals = new ServiceLog<ProposalCommand, DomainEvent, unknown>(file('proposals'), 'proposal', proposalDecider as never);
  const funding = new ServiceLog<GrantCommand, DomainEvent, unknown>(file('funding'), 'grant', grantDecider as never);
  const events = new ServiceLog<ActivityCommand, DomainEvent, unknown>(file('events'), 'activity', activityDecider as never);
  const logs = [partners, mous, proposals, funding, events];

  try {
    const orgIds = Array.from({ length: organisations }, () => newId());
    const funderCount = Math.max(5, Math.round(organisations * 0.02));
    const funders = orgIds.slice(0, funderCount);
    const trackedIds = orgIds.slice(organisations - tracked);
    const ordinary = orgIds.slice(0, organisations - tracked);
    const partnerPool = orgIds.slice(funderCount, organisations - tracked);
    const registeredAt = NOW - 4 * 365 * DAY;
    for (const [i, id] of orgIds.entries()) {
      const thai = i % 3 === 0;
      await partners.run(id, {
        type: 'RegisterOrganisation',
        now: new Date(registeredAt + i * 60_000).toISOString(),
        data: {
          id,
          name: thai ? `สำนักงานความร่วมมือ ${i + 1}` : `Partner Organisation ${i + 1}`,
          nameEn: thai ? `Cooperation Office ${i + 1}` : null,
          kind: i < funderCount ? (i % 2 ? 'international' : 'government') : KINDS[i % KINDS.length],
          country: 'TH',
          sectors: ['innovation'],
          contacts: [],
        },
      });
    }

    const timeline = new Timeline();
    const loadMous: string[] = [];
    const loadGrants: string[] = [];
    const drafts: string[] = [];
    const entities = { mous: 0, proposals: 0, grants: 0, activities: 0 };

    /** `fate` below 0.08 stays a draft, below 0.15 awaits a signature; 1 always ends up active. */
    const mou = (id: string, parties: string[], t0: number, fate: number) => {
      entities.mous++;
      let t = t0;
      const title = `ความร่วมมือด้านนวัตกรรม ${id.slice(-6)}`;
      timeline.add(t, () =>
        mous.run(id, {
          type: 'CreateMou',
          ...stamp(t0),
          data: {
            id,
            title,
            parties: parties.map((organisationId, i) => ({ organisationId, signatoryName: `Director ${i + 1}`, signatoryTitle: 'Director' })),
            cooperationAreas: ['innovation networks', 'public-sector innovation'],
            collaborationLevel: pick(['data-sharing', 'operational', 'strategic'] as const),
            effectiveFrom: officeDate(new Date(t0)),
            termMonths: 60,
            kpis: [
              { id: 'kpi-1', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' },
              { id: 'kpi-2', name: 'knowledge sessions', target: 8 },
            ],
            leadTeam: pick(TEAMS),
          },
        }),
      );
      if (fate < 0.08) return false; // stays a draft
      const requested = (t += between(1, 10) * DAY);
      timeline.add(requested, () => mous.run(id, { type: 'RequestSignatures', ...stamp(requested), data: {} }));
      const signing = fate < 0.15 ? parties.slice(0, parties.length - 1) : parties;
      for (const organisationId of signing) {
        const at = (t += between(1, 7) * DAY);
        timeline.add(at, () => mous.run(id, { type: 'SignMou', ...stamp(at), data: { organisationId, signedAt: new Date(at).toISOString() } }));
      }
      if (signing.length < parties.length) return false; // awaiting signatures
      for (let r = between(0, 4), value = 1; r > 0; r--, value += between(1, 4)) {
        const at = (t += between(10, 60) * DAY);
        const v = value;
        timeline.add(at, () =>
          mous.run(id, {
            type: 'ReportKpiProgress',
            ...stamp(at),
            data: { kpiId: `kpi-${1 + (r % 2)}`, value: v, reportedOn: officeDate(new Date(at)), note: null },
          }),
        );
      }
      if (fate < 1 && random() < 0.1) {
        const at = (t += between(30, 90) * DAY);
        timeline.add(at, () =>
          mous.run(id, { type: 'TerminateMou', ...stamp(at), data: { reason: 'the programme ended', effectiveOn: officeDate(new Date(at)) } }),
        );
        return false;
      }
      return true; // active
    };

    /** Disbursements, perhaps a co-investment and a close-out, after the grant opened at t0 with `award`. */
    const grantLife = (grantId: string, t0: number, award: Money, parties: string[]): boolean => {
      let t = t0;
      let left = award.amount;
      for (let n = between(0, 3); n > 0; n--) {
        const amount = Math.max(100, Math.floor((award.amount * between(10, 30)) / 100 / 100) * 100);
        if (amount > left) break;
        left -= amount;
        const at = (t += between(10, 60) * DAY);
        timeline.add(at, () =>
          funding.run(grantId, {
            type: 'DisburseFunds',
            ...stamp(at),
            data: { disbursementId: newId(), amount: { amount, currency: award.currency }, disbursedOn: officeDate(new Date(at)) },
          }),
        );
      }
      if (random() < 0.3) {
        const at = (t += between(5, 30) * DAY);
        const organisationId = pickDistinct(partnerPool, 1, parties)[0];
        timeline.add(at, () =>
          funding.run(grantId, {
            type: 'CommitCoInvestment',
            ...stamp(at),
            data: { coInvestmentId: newId(), organisationId, amount: thb(between(50, 500) * 1000), committedOn: officeDate(new Date(at)) },
          }),
        );
      }
      if (random() < 0.1) {
        const at = (t += between(30, 90) * DAY);
        timeline.add(at, () => funding.run(grantId, { type: 'CloseOutGrant', ...stamp(at), data: { reason: 'the project is complete' } }));
        return false;
      }
      return award.currency === 'THB';
    };

    for (let m = 0; m < Math.round(organisations / 10); m++) {
      const id = newId();
      const active = mou(id, pickDistinct(ordinary, random() < 0.3 ? 3 : 2), start(), random());
      if (active && loadMous.length < 128) loadMous.push(id);
    }

    for (let p = 0; p < Math.round(organisations / 2); p++) {
      entities.proposals++;
      const id = newId();
      const funderId = pick(funders);
      const partnerIds = pickDistinct(partnerPool, pick([0, 1, 1, 1, 1, 1, 2, 2, 2, 2]));
      const leadTeam = pick(TEAMS);
      const requestedAmount: Money = random() < 0.1 ? { amount: between(10, 500) * 1000_00, currency: 'USD' } : thb(between(100, 50_000) * 1000);
      const t0 = start();
      const fate = random();
      const draft = fate < 0.12;
      timeline.add(t0, () =>
        proposals.run(id, {
          type: 'DraftProposal',
          ...stamp(t0),
          data: {
            id,
            title: `ข้อเสนอโครงการนวัตกรรมเพื่อสังคม ${id.slice(-6)}`,
            leadTeam,
            funderId,
            partnerIds,
            requestedAmount,
            // a draft that stays one keeps a deadline a year ahead, so the load can still submit it
            submissionDeadline: draft ? officeDate(new Date(NOW + 365 * DAY)) : officeDate(new Date(t0 + 60 * DAY)),
            programme: 'Social innovation',
          },
        }),
      );
      if (draft) {
        drafts.push(id);
        continue;
      }
      let t = t0 + between(1, 30) * DAY;
      const submitted = t;
      timeline.add(submitted, () => proposals.run(id, { type: 'SubmitProposal', ...stamp(submitted), byAdmin: false, data: {} }));
      let outcome = random();
      if (outcome >= 0.5 && outcome < 0.6) {
        const returned = (t += between(10, 60) * DAY);
        timeline.add(returned, () =>
          proposals.run(id, { type: 'DecideProposal', ...stamp(returned), data: { outcome: 'revision-requested', reasons: ['the budget needs more detail'] } }),
        );
        if (random() < 0.3) continue; // still with the applicant
        const again = (t += between(5, 30) * DAY);
        timeline.add(again, () => proposals.run(id, { type: 'ResubmitProposal', ...stamp(again), data: { requestedAmount: null, note: 'budget detailed' } }));
        outcome = random() < 0.5 ? 0 : 0.7;
      }
      const decided = (t += between(10, 60) * DAY);
      if (outcome < 0.5) {
        const awardedAmount: Money = { amount: Math.floor((requestedAmount.amount * between(60, 100)) / 100 / 100) * 100, currency: requestedAmount.currency };
        const grantAt = decided + 1500; // funding opens the grant as the approval arrives
        timeline.add(decided, async () => {
          const [approval] = await proposals.run(id, {
            type: 'DecideProposal',
            ...stamp(decided),
            data: { outcome: 'approved', awardedAmount, reasons: ['fits the programme'] },
          });
          const data = grantFromApproval(approval.data, (approval.data as { at: string }).at);
          // As the approvals consumer stores it, so a redelivered approval finds its command and opens nothing.
          await funding.run(
            data.id,
            { type: 'OpenGrant', ...stamp(grantAt), data },
            { commandId: openGrantCommandIdOf(approval.id), causationId: approval.id, actor: APPROVALS_ACTOR },
          );
        });
        entities.grants++;
        const grantId = grantIdOf(id);
        if (grantLife(grantId, grantAt, awardedAmount, [funderId, ...partnerIds]) && loadGrants.length < 128) loadGrants.push(grantId);
      } else if (outcome < 0.7) {
        timeline.add(decided, () =>
          proposals.run(id, { type: 'DecideProposal', ...stamp(decided), data: { outcome: 'rejected', reasons: ['outside the programme'] } }),
        );
      } else if (outcome < 0.75) {
        timeline.add(decided, () => proposals.run(id, { type: 'WithdrawProposal', ...stamp(decided), data: { reason: 'the partner withdrew' } }));
      } // else: still submitted
    }

    const directGrant = (id: string, funderId: string, partnerIds: string[], awardedAmount: Money, t0: number) => {
      entities.grants++;
      const d = officeDate(new Date(t0));
      timeline.add(t0, () =>
        funding.run(id, {
          type: 'OpenGrant',
          ...stamp(t0),
          data: {
            id,
            proposalId: null,
            title: `ทุนสนับสนุน ${id.slice(-6)}`,
            funderId,
            partnerIds,
            leadTeam: pick(TEAMS),
            awardedAmount,
            startsOn: d,
            endsOn: addDays(d, 364),
          },
        }),
      );
    };
    for (let g = 0; g < Math.round(organisations / 40); g++) {
      const id = newId();
      const funderId = pick(funders);
      const partnerIds = pickDistinct(partnerPool, 1);
      const award = thb(between(500, 20_000) * 1000);
      const t0 = start();
      directGrant(id, funderId, partnerIds, award, t0);
      if (grantLife(id, t0, award, [funderId, ...partnerIds]) && loadGrants.length < 128) loadGrants.push(id);
    }

    for (let a = 0; a < Math.round(organisations / 10); a++) {
      entities.activities++;
      const id = newId();
      const t0 = start();
      const fate = random();
      const startsAt = fate < 0.8 ? t0 + between(7, 30) * DAY : NOW + between(30, 120) * DAY;
      const organisationIds = pickDistinct(ordinary, between(1, 3));
      timeline.add(t0, () =>
        events.run(id, {
          type: 'PlanActivity',
          ...stamp(t0),
          data: {
            id,
            title: `Workshop ${id.slice(-6)}: needs of the northern provinces`,
            kind: pick(ACTIVITY_KINDS),
            organisationIds,
            leadTeam: pick(TEAMS),
            startsAt: new Date(startsAt).toISOString(),
            endsAt: new Date(startsAt + 3 * 3_600_000).toISOString(),
            location: 'Chiang Mai',
          },
        }),
      );
      if (fate < 0.7) {
        const at = startsAt + 4 * 3_600_000;
        timeline.add(at, () => events.run(id, { type: 'CompleteActivity', ...stamp(at), data: { attendance: between(10, 300), outcomes: [] } }));
      } else if (fate < 0.8) {
        const at = t0 + between(1, 5) * DAY;
        timeline.add(at, () => events.run(id, { type: 'CancelActivity', ...stamp(at), data: { reason: 'the venue was not available' } }));
      }
    }

    // The tracked organisations: an active MOU each (with an ordinary partner) and a direct grant each funds.
    const trackedOut: TrackedOrganisation[] = [];
    for (const organisationId of trackedIds) {
      const mouId = newId();
      const grantId = newId();
      const t0 = NOW - 500 * DAY;
      if (!mou(mouId, [organisationId, pick(ordinary)], t0, 1)) throw new Error('a tracked MOU must end up active');
      directGrant(grantId, organisationId, [], { amount: TRACKED_AWARD, currency: 'THB' }, t0);
      trackedOut.push({ organisationId, mouId, kpiId: 'kpi-1', grantId });
    }

    await timeline.play();
    return {
      organisations: orgIds,
      funders,
      ordinary,
      tracked: trackedOut,
      loadMous,
      loadGrants,
      drafts,
      events: { partners: partners.events, mous: mous.events, proposals: proposals.events, funding: funding.events, events: events.events },
      entities,
      ms: Date.now() - started,
    };
  } finally {
    for (const log of logs) await log.close();
  }
}
