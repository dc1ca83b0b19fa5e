import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { foldEvents } from '@pmt/event-sourcing';
import { addDays, newId, officeDate, systemClock } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type AggregateEndpoint } from '@pmt/service-kit';
import { tempDir } from '@pmt/testing';
import { KEPT_REPORTS, type MouCommand, type MouEvent, type MouState } from './index';
import { mouAggregate, mousDefinition } from '../mous.definition';

const REPORTS = 120;
const ORG_A = '0190f0a0-0000-7000-8000-00000000000a';
const ORG_B = '0190f0a0-0000-7000-8000-00000000000b';
type Report = { value: number; reportedOn: string; note: string | null };
type Resource = { kpis: Array<{ id: string; reports: Report[]; reportCount: number; progress: number | null }> };

/**
 * The decision state and the resource apart, through the service's platform (real SQLite files): an MOU with 120
 * reports of one KPI shows the latest 20 and the count of all in its resource (the `mous.get` answer, command
 * replies, history as of an instant), every one of them in its history, while the state its commands are decided
 * on holds none.
 */
describe('an MOU with more KPI reports than its resource keeps', () => {
  const dir = tempDir();
  let runtime: ServiceRuntime;
  let mous: AggregateEndpoint<MouCommand, MouEvent, MouState>;
  const id = newId();
  let lastReply: unknown;
  let halfway: string;

  const run = (build: (now: string, today: string) => MouCommand) => {
    const message: CommandMessage = { commandId: newId(), actor: 'officer@step.example', correlationId: newId(), data: {} };
    return mous.execute(id, message, (now) => build(now, officeDate(now)));
  };

  beforeAll(async () => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('mous', { DATA_DIR: dir.path }), mousDefinition, systemClock);
    await runtime.start({ relay: false });
    mous = runtime.endpoint<MouCommand, MouEvent, MouState>('mou');
    const effectiveFrom = addDays(officeDate(new Date().toISOString()), -REPORTS - 10);
    await run((now, today) => ({
      type: 'CreateMou',
      now,
      today,
      data: {
        id,
        title: 'Youth Co:Lab',
        parties: [
          { organisationId: ORG_A, signatoryName: 'Director', signatoryTitle: 'NIA' },
          { organisationId: ORG_B, signatoryName: 'Representative', signatoryTitle: 'UNDP' },
        ],
        cooperationAreas: ['innovation'],
        collaborationLevel: 'strategic',
        effectiveFrom,
        termMonths: 36,
        kpis: [
          { id: 'prototypes', name: 'prototypes', target: 1000 },
          { id: 'sessions', name: 'sessions', target: 10 },
        ],
      },
    }));
    await run((now, today) => ({ type: 'RequestSignatures', now, today, data: {} }));
    for (const organisationId of [ORG_A, ORG_B]) await run((now, today) => ({ type: 'SignMou', now, today, data: { organisationId, signedAt: now } }));
    for (let i = 1; i <= REPORTS; i++) {
      const reportedOn = addDays(effectiveFrom, i);
      const result = await run((now, today) => ({
        type: 'ReportKpiProgress',
        now,
        today,
        data: { kpiId: 'prototypes', value: i, reportedOn, note: `week ${i}` },
      }));
      lastReply = result.resource;
      if (i === REPORTS / 2) halfway = new Date().toISOString();
      // let the clock move on, so that "as of halfway" cuts between two reports
      if (i === REPORTS / 2) await new Promise((r) => setTimeout(r, 5));
    }
  }, 120_000);

  afterAll(async () => {
    await runtime?.stop();
    dir.remove();
  });

  const reportsOf = (resource: unknown) => (resource as Resource).kpis.find((k) => k.id === 'prototypes')!;

  const latest = (last: number) => Array.from({ length: KEPT_REPORTS }, (_, i) => last - KEPT_REPORTS + 1 + i);

  it('shows the latest 20 reports and the count of all in the read model (what GET /mous/{id} answers)', async () => {
    const kpi = reportsOf(await mous.get(id));
    expect(kpi.reports.map((r) => r.value)).toEqual(latest(REPORTS));
    expect(kpi).toMatchObject({ reportCount: REPORTS, progress: REPORTS });
  });

  it('answers a command with the same resource', async () => {
    expect(lastReply).toEqual(await mous.get(id));
  });

  it('shows the same in history as of an instant and at a version, and every report in the history itself', async () => {
    const asOf = await mous.history.stateAt(id, { asOf: halfway });
    expect(reportsOf(asOf.state)).toMatchObject({ reportCount: REPORTS / 2, progress: REPORTS / 2 });
    expect(reportsOf(asOf.state).reports.map((r) => r.value)).toEqual(latest(REPORTS / 2));
    const now = await mous.history.stateAt(id, { asOf: new Date().toISOString() });
    expect(now.state).toEqual(await mous.get(id));
    const atVersion = await mous.history.stateAt(id, { version: now.version - 1 });
    expect(reportsOf(atVersion.state).reports.map((r) => r.value)).toEqual(latest(REPORTS - 1));
    // what GET /mous/{id}/history pages through
    const page = await mous.history.page(id, { limit: 500 });
    const reported = page.items.filter((e) => e.type === 'KpiProgressReported').map((e) => (e.data as Report).value);
    expect(reported).toEqual(Array.from({ length: REPORTS }, (_, i) => i + 1));
  });

  it('diffs the resource: a report added shows as the newest report and one more in the count', async () => {
    const head = (await mous.get(id)).version;
    const diff = await mous.history.diff(id, { version: head - 1 }, { version: head });
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: `kpis[0].reports[${KEPT_REPORTS - 1}].value`, before: REPORTS - 1, after: REPORTS }),
        expect.objectContaining({ path: 'kpis[0].reportCount', before: REPORTS - 1, after: REPORTS }),
      ]),
    );
  });

  it('decides on a state that holds no reports: the same after the last report as before the first', async () => {
    const events = await runtime.stores.events.readStream(`mou-${id}`);
    const beforeReports = foldEvents(mouAggregate, events.slice(0, events.length - REPORTS));
    const afterReports = foldEvents(mouAggregate, events);
    expect(afterReports).toEqual(beforeReports);
    expect(JSON.stringify(afterReports)).not.toContain('week');
  });
});
