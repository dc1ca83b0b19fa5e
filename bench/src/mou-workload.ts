import type { AppendRequest } from '@pmt/event-store';
import { newId, officeDate, type PendingEvent } from '@pmt/kernel';
import { mouDecider, type MouCommand, type MouEvent, type MouState } from '../../services/mous/src/mou';

/** Two organisations every generated MOU is between (the store does not check parties; the gateway does). */
export const ORG_A = '0190a000-0000-7000-8000-00000000000a';
export const ORG_B = '0190a000-0000-7000-8000-00000000000b';

const HOUR = 3_600_000;

/** Deterministic PRNG (mulberry32), so every run stores the same shape of data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One command as the decider answered it: the events it produced and the instant it was issued. */
export interface DecidedCommand {
  mouId: string;
  now: string;
  events: MouEvent[];
}

const stamp = (t: number) => {
  const now = new Date(t).toISOString();
  return { now, today: officeDate(now) };
};

const createCommand = (mouId: string, t: number, kpis: number): MouCommand => {
  const s = stamp(t);
  return {
    type: 'CreateMou',
    ...s,
    data: {
      id: mouId,
      title: 'ความร่วมมือด้านนวัตกรรมและการพัฒนากำลังคน (benchmark)',
      parties: [
        { organisationId: ORG_A, signatoryName: 'ผู้อำนวยการสำนักงานนวัตกรรมแห่งชาติ', signatoryTitle: 'Executive Director' },
        { organisationId: ORG_B, signatoryName: 'Resident Representative', signatoryTitle: 'Resident Representative' },
      ],
      cooperationAreas: ['innovation networks', 'public-sector innovation', 'Regional Innovation Centre (CLMV)'],
      collaborationLevel: 'strategic',
      // effective on the day it is drafted, so the last signature activates it
      effectiveFrom: s.today,
      termMonths: 36,
      kpis: Array.from({ length: kpis }, (_, i) => ({
        id: `kpi-${i + 1}`,
        name: `KPI ${i + 1}: Youth Co:Lab prototypes`,
        target: 20 + i * 10,
        unit: 'prototypes',
        owner: 'IASA',
        dueOn: null,
      })),
      leadTeam: 'IASA',
    },
  };
};

/**
 * Runs commands through mouDecider against the state so far, as the mous service does, and yields what it
 * decided. A refused command is a bug in the generator, so it throws.
 */
class Life {
  private state: MouState = mouDecider.initialState();
  constructor(readonly mouId: string) {}

  run(command: MouCommand): DecidedCommand {
    const events = mouDecider.decide(command, this.state);
    this.state = events.reduce(mouDecider.evolve, this.state);
    return { mouId: this.mouId, now: command.now, events };
  }
}

/**
 * A realistic life of one MOU: drafted, signatures requested, both parties sign (the last signature also
 * fully signs and activates it: 3 events), 0 to 8 KPI reports, sometimes an amendment, sometimes terminated.
 * About 10 events on average.
 */
export function* mouLife(mouId: string, random: () => number, start: number): Generator<DecidedCommand> {
  const life = new Life(mouId);
  let t = start;
  const later = (maxHours: number) => (t += HOUR + Math.floor(random() * maxHours * HOUR));
  const kpis = 2 + Math.floor(random() * 2);
  yield life.run(createCommand(mouId, t, kpis));
  yield life.run({ type: 'RequestSignatures', ...stamp(later(72)), data: {} });
  for (const organisationId of [ORG_A, ORG_B]) {
    const s = stamp(later(48));
    yield life.run({ type: 'SignMou', ...s, data: { organisationId, signedAt: s.now } });
  }
  const reports = Math.floor(random() * 9);
  for (let i = 0; i < reports; i++) {
    const s = stamp(later(30 * 24));
    yield life.run({
      type: 'ReportKpiProgress',
      ...s,
      data: { kpiId: `kpi-${1 + Math.floor(random() * kpis)}`, value: i + 1, reportedOn: s.today, note: i % 3 === 0 ? 'รายงานประจำไตรมาส' : null },
    });
  }
  if (random() < 0.3) {
    const s = stamp(later(60 * 24));
    yield life.run({ type: 'AmendMou', ...s, data: { summary: 'Adds a data-sharing annex', changes: { annex: 'B', clause: '7.2' }, effectiveOn: s.today } });
  }
  if (random() < 0.1) {
    const s = stamp(later(90 * 24));
    yield life.run({ type: 'TerminateMou', ...s, data: { reason: 'funding ended', effectiveOn: s.today } });
  }
}

/** One MOU with `total` events: its first 6 events, then KPI reports, one an hour, alternating between two KPIs. */
export function* longMouLife(mouId: string, total: number, start: number): Generator<DecidedCommand> {
  const life = new Life(mouId);
  let t = start;
  let count = 0;
  const emit = (command: MouCommand) => {
    const decided = life.run(command);
    count += decided.events.length;
    return decided;
  };
  yield emit(createCommand(mouId, t, 2));
  yield emit({ type: 'RequestSignatures', ...stamp((t += HOUR)), data: {} });
  for (const organisationId of [ORG_A, ORG_B]) {
    const s = stamp((t += HOUR));
    yield emit({ type: 'SignMou', ...s, data: { organisationId, signedAt: s.now } });
  }
  for (let i = 0; count < total; i++) {
    const s = stamp((t += HOUR));
    yield emit({ type: 'ReportKpiProgress', ...s, data: { kpiId: `kpi-${1 + (i % 2)}`, value: i, reportedOn: s.today, note: null } });
  }
}

/** The platform's envelope around decided events, as handleCommand builds it. */
export function pendingEvents(events: MouEvent[], now: string, commandId: string): PendingEvent[] {
  const correlationId = newId();
  return events.map((e, i) => ({
    id: newId(),
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    actor: 'officer@bench.example',
    correlationId,
    causationId: i === 0 ? commandId : `${commandId}#${i}`,
    occurredAt: now,
  }));
}

/**
 * Append requests of many MOUs whose lives overlap, as in an office: `live` MOUs are under way at any time and
 * each request is the next command of a random one. Stops once `totalEvents` have been produced.
 */
export function* interleavedAppends(totalEvents: number, live: number, seed: number): Generator<AppendRequest> {
  const random = seededRandom(seed);
  const start = Date.parse('2021-01-04T02:00:00Z');
  let started = 0;
  const begin = () => {
    const id = newId();
    // lives start a few minutes apart, so the log reads like years of an office's work
    return { id, version: 0, life: mouLife(id, random, start + started++ * 10 * 60_000) };
  };
  const running = Array.from({ length: live }, begin);
  let produced = 0;
  while (produced < totalEvents) {
    const slot = Math.floor(random() * running.length);
    const mou = running[slot];
    const next = mou.life.next();
    if (next.done) {
      running[slot] = begin();
      continue;
    }
    const commandId = newId();
    const events = pendingEvents(next.value.events, next.value.now, commandId);
    yield { streamId: `mou-${mou.id}`, expectedVersion: mou.version, commandId, events };
    mou.version += events.length;
    produced += events.length;
  }
}

/**
 * Append requests of exactly `perCommand` events each, cut from realistic MOU lives (consecutive events of one
 * MOU), `live` MOUs interleaved. For the append benchmark, where the command's shape matters, not its meaning.
 */
export function* fixedSizeAppends(perCommand: number, live: number, seed: number): Generator<AppendRequest> {
  const random = seededRandom(seed);
  const start = Date.parse('2021-01-04T02:00:00Z');
  const begin = () => {
    const id = newId();
    const events: { event: MouEvent; now: string }[] = [];
    for (const c of mouLife(id, random, start)) for (const event of c.events) events.push({ event, now: c.now });
    return { id, version: 0, events, next: 0 };
  };
  const running = Array.from({ length: live }, begin);
  for (;;) {
    const slot = Math.floor(random() * running.length);
    let mou = running[slot];
    if (mou.events.length - mou.next < perCommand) mou = running[slot] = begin();
    const chunk = mou.events.slice(mou.next, mou.next + perCommand);
    mou.next += perCommand;
    const commandId = newId();
    const correlationId = newId();
    const events: PendingEvent[] = chunk.map(({ event, now }, i) => ({
      id: newId(),
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      actor: 'officer@bench.example',
      correlationId,
      causationId: i === 0 ? commandId : `${commandId}#${i}`,
      occurredAt: now,
    }));
    yield { streamId: `mou-${mou.id}`, expectedVersion: mou.version, commandId, events };
    mou.version += events.length;
  }
}
