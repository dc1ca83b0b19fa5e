import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId, officeDate, systemClock } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type AggregateEndpoint } from '@pmt/service-kit';
import { sleep, tempDir } from '@pmt/testing';
import type { MouCommand, MouEvent, MouState, MouView } from '../index';
import { mousDefinition } from '../../mous.definition';
import { MouScheduler } from './mou-scheduler';

type Mous = AggregateEndpoint<MouCommand, MouEvent, MouState, MouView>;

const MOST = '0190f0a0-0000-7000-8000-000000000001';
const MOI = '0190f0a0-0000-7000-8000-000000000002';
/**
 * Story 3 entered through the service while its scheduler ticks every few milliseconds (the real clock, the real
 * SQLite file): the MOU whose term ended in 2014 must not be expired while its 2014 and 2019 renewals, its KPI
 * reports and its 2023 termination are still being entered, across a restart too.
 */
describe("the MOU scheduler while an MOU's past is entered (backfill)", () => {
  let dir: ReturnType<typeof tempDir>;
  let runtime: ServiceRuntime | undefined;
  let scheduler: MouScheduler | undefined;

  const open = async (quietMs: number): Promise<Mous> => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('mous', { DATA_DIR: dir.path }), mousDefinition, systemClock);
    await runtime.start({ relay: false });
    const mous = runtime.endpoint<MouCommand, MouEvent, MouState, MouView>('mou');
    scheduler = new MouScheduler(mous, systemClock, 5, { events: runtime.stores.events, quietMs });
    scheduler.start();
    return mous;
  };
  const close = async () => {
    await scheduler?.stop();
    await runtime?.stop();
    scheduler = undefined;
    runtime = undefined;
  };

  /** One backdated command, as the gateway sends it for `Occurred-At: <occurredAt>`. */
  const on = (mous: Mous, id: string, occurredAt: string, build: (now: string, today: string) => MouCommand) => {
    const message: CommandMessage = { commandId: newId(), actor: 'admin@step.example', correlationId: newId(), occurredAt, data: {} };
    return mous.execute(id, message, (now) => build(now, officeDate(now)));
  };

  const draftedAndSigned = async (mous: Mous): Promise<string> => {
    const id = newId();
    await on(mous, id, '2009-03-02T02:00:00.000Z', (now, today) => ({
      type: 'CreateMou',
      now,
      today,
      data: {
        id,
        title: 'การพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี',
        parties: [
          { organisationId: MOST, signatoryName: 'Permanent Secretary', signatoryTitle: 'MOST' },
          { organisationId: MOI, signatoryName: 'Permanent Secretary', signatoryTitle: 'MOI' },
        ],
        cooperationAreas: ['Provincial Chief Science Officers'],
        collaborationLevel: 'strategic',
        effectiveFrom: '2009-04-20',
        termMonths: 60,
        kpis: [{ id: 'pcso', name: 'provinces with a Chief Science Officer', target: 76 }],
      },
    }));
    await on(mous, id, '2009-04-01T02:00:00.000Z', (now, today) => ({ type: 'RequestSignatures', now, today, data: {} }));
    for (const org of [MOST, MOI]) {
      await on(mous, id, '2009-04-20T03:00:00.000Z', (now, today) => ({
        type: 'SignMou',
        now,
        today,
        data: { organisationId: org, signedAt: '2009-04-20T03:00:00.000Z' },
      }));
    }
    return id;
  };

  beforeEach(() => {
    dir = tempDir('pmt-backfill-');
  });

  afterEach(async () => {
    await close();
    dir.remove();
  });

  it('leaves the MOU alone while its whole life is entered, across a restart, and reads back right as of every year', async () => {
    let mous = await open(60_000);
    const id = await draftedAndSigned(mous);
    await sleep(150); // dozens of ticks: its term ended in 2014, yet it is being backfilled
    expect((await mous.get(id)).status).toBe('active');
    const report =
      (value: number, day: string) =>
      (now: string, today: string): MouCommand => ({ type: 'ReportKpiProgress', now, today, data: { kpiId: 'pcso', value, reportedOn: day } });
    await on(mous, id, '2010-12-31T03:00:00.000Z', report(40, '2010-12-31'));

    await close(); // the service restarts mid-backfill
    mous = await open(60_000);
    await sleep(150);
    expect((await mous.get(id)).status).toBe('active');

    await on(mous, id, '2014-04-01T03:00:00.000Z', (now, today) => ({ type: 'RenewMou', now, today, data: { termMonths: 60 } }));
    await on(mous, id, '2016-12-30T03:00:00.000Z', report(76, '2016-12-30'));
    await on(mous, id, '2019-04-01T03:00:00.000Z', (now, today) => ({ type: 'RenewMou', now, today, data: { termMonths: 60 } }));
    await sleep(50);
    await on(mous, id, '2023-06-30T03:00:00.000Z', (now, today) => ({
      type: 'TerminateMou',
      now,
      today,
      data: { reason: 'superseded', effectiveOn: '2023-06-30' },
    }));
    await sleep(50);

    const events = await (runtime as ServiceRuntime).stores.events.readStream(`mou-${id}`);
    expect(events.map((e) => e.actor)).not.toContain('system:scheduler');
    const asOf = async (year: number) => (await mous.history.stateAt(id, { asOf: `${year}-07-01T00:00:00Z` })).state;
    expect(await asOf(2009)).toMatchObject({ status: 'active', endsOn: '2014-04-19' });
    expect(await asOf(2012)).toMatchObject({ status: 'active', endsOn: '2014-04-19', kpis: [{ progress: 40 }] });
    expect(await asOf(2014)).toMatchObject({ status: 'active', endsOn: '2019-04-19' });
    expect(await asOf(2019)).toMatchObject({ status: 'active', endsOn: '2024-04-19', kpis: [{ progress: 76, reportCount: 2 }] });
    expect(await asOf(2023)).toMatchObject({ status: 'terminated', terminatedOn: '2023-06-30' });
    expect((await mous.history.verify(id)).valid).toBe(true);
  });

  it('catches up once nobody has backdated anything for the quiet period, dated when the term ended', async () => {
    const mous = await open(300);
    const id = await draftedAndSigned(mous);
    expect((await mous.get(id)).status).toBe('active');
    let status = 'active';
    for (let i = 0; i < 100 && status !== 'expired'; i++) {
      await sleep(50);
      status = (await mous.get(id)).status;
    }
    expect(status).toBe('expired');
    const expiry = (await (runtime as ServiceRuntime).stores.events.readStream(`mou-${id}`)).at(-1);
    // 2014-04-20 00:00 in Bangkok, the day after the term's last day
    expect(expiry).toMatchObject({ type: 'MouExpired', actor: 'system:scheduler', occurredAt: '2014-04-19T17:00:00.000Z' });
  });
});
