import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type AggregateEndpoint } from '@pmt/service-kit';
import { tempDir } from '@pmt/testing';
import type { MouCommand, MouEvent, MouState } from '../index';
import { mousDefinition } from '../../mous.definition';
import { MouScheduler } from './mou-scheduler';

type Mous = AggregateEndpoint<MouCommand, MouEvent, MouState>;

const message = (data: Record<string, unknown> = {}): CommandMessage => ({ commandId: newId(), actor: 'officer@step.example', correlationId: newId(), data });

/** Time-driven transitions, with the clock moved by the test and the service's real SQLite file. */
describe('the MOU scheduler', () => {
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let runtime: ServiceRuntime;

  const open = async () => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('mous', { DATA_DIR: dir.path }), mousDefinition, clock);
    await runtime.start({ relay: false });
    return runtime.endpoint<MouCommand, MouEvent, MouState>('mou');
  };

  const signedMou = async (mous: Mous, effectiveFrom: string, termMonths: number) => {
    const id = newId();
    const a = newId();
    const b = newId();
    const stamp = (now: string) => ({ now, today: now.slice(0, 10) });
    await mous.execute(id, message(), (now) => ({
      type: 'CreateMou',
      ...stamp(now),
      data: {
        id,
        title: 'scheduled',
        parties: [
          { organisationId: a, signatoryName: 'A', signatoryTitle: 'Director' },
          { organisationId: b, signatoryName: 'B', signatoryTitle: 'Director' },
        ],
        cooperationAreas: ['time'],
        collaborationLevel: 'operational',
        effectiveFrom,
        termMonths,
        kpis: [],
      },
    }));
    await mous.execute(id, message(), (now) => ({ type: 'RequestSignatures', ...stamp(now), data: {} }));
    for (const org of [a, b]) await mous.execute(id, message(), (now) => ({ type: 'SignMou', ...stamp(now), data: { organisationId: org, signedAt: now } }));
    return id;
  };

  beforeEach(() => {
    dir = tempDir('pmt-scheduler-');
    clock = new ManualClock('2030-01-10T03:00:00Z');
  });

  afterEach(async () => {
    await runtime.stop();
    dir.remove();
  });

  it('activates a signed MOU on its effective date, once, as the scheduler', async () => {
    const mous = await open();
    const id = await signedMou(mous, '2030-02-01', 12);
    const scheduler = new MouScheduler(mous, clock);
    expect(await scheduler.tick()).toBe(0);
    expect((await mous.get(id)).status).toBe('signed');

    clock.set('2030-02-01T01:00:00Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    expect((await mous.get(id)).status).toBe('active');
    const events = (await mous.history.history(id)).events;
    expect(events.filter((e) => e.type === 'MouActivated')).toHaveLength(1);
    expect(events[events.length - 1]).toMatchObject({ type: 'MouActivated', actor: 'system:scheduler', reason: 'effective date reached' });
  });

  it('catches up after downtime: a term that ended while the service was down is expired on the first tick', async () => {
    let mous = await open();
    const id = await signedMou(mous, '2030-01-01', 1);
    expect((await mous.get(id)).status).toBe('active');
    await runtime.stop();

    clock.set('2030-03-15T03:00:00Z');
    mous = await open();
    expect(await new MouScheduler(mous, clock).tick()).toBe(1);
    expect((await mous.get(id)).status).toBe('expired');
  });

  it('activates and then expires a signed MOU whose whole term passed unnoticed', async () => {
    const mous = await open();
    const id = await signedMou(mous, '2030-02-01', 1);
    clock.set('2030-06-01T03:00:00Z');
    expect(await new MouScheduler(mous, clock).tick()).toBe(2);
    const types = (await mous.history.history(id)).events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['MouActivated', 'MouExpired']);
  });
});
