import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type AggregateEndpoint } from '@pmt/service-kit';
import { tempDir } from '@pmt/testing';
import type { MouCommand, MouEvent, MouState, MouView } from '../index';
import { mousDefinition } from '../../mous.definition';
import { MouScheduler } from './mou-scheduler';

type Mous = AggregateEndpoint<MouCommand, MouEvent, MouState, MouView>;

const message = (data: Record<string, unknown> = {}): CommandMessage => ({ commandId: newId(), actor: 'officer@step.example', correlationId: newId(), data });

/** Time-driven transitions, with the clock moved by the test and the service's real SQLite file. */
describe('the MOU scheduler', () => {
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let runtime: ServiceRuntime;

  const open = async () => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('mous', { DATA_DIR: dir.path }), mousDefinition, clock);
    await runtime.start({ relay: false });
    return runtime.endpoint<MouCommand, MouEvent, MouState, MouView>('mou');
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

  it('activates a signed MOU on its effective date, as the scheduler, and a repeated tick appends nothing', async () => {
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

  /**
   * The decider alone already refuses a second activation, so counting events cannot tell a derived command id from
   * a random one. What the derived id adds is that two ticks that saw the same due MOU send ONE command: the second
   * is answered with the first one's result instead of being decided again. With a random id the second is decided
   * against the new state and refused, and this test fails.
   */
  it('activates once when two schedulers act on the same due MOU: one command, the second answered with its result', async () => {
    const mous = await open();
    const id = await signedMou(mous, '2030-02-01', 12);
    clock.set('2030-02-01T01:00:00Z');
    const first = new MouScheduler(mous, clock);

    // The second scheduler has read the due list (the MOU still signed) when the first records the activation.
    const outcomes: Array<{ version: number; position: number } | { refused: string }> = [];
    const racing = Object.create(mous) as Mous;
    racing.execute = async (...args: Parameters<Mous['execute']>) => {
      expect(await first.tick()).toBe(1);
      try {
        const result = await mous.execute(...args);
        outcomes.push({ version: result.version, position: result.position });
        return result;
      } catch (error) {
        outcomes.push({ refused: (error as { code?: string }).code ?? String(error) });
        throw error;
      }
    };
    await new MouScheduler(racing, clock).tick();

    const events = (await mous.history.history(id)).events;
    const activated = events.filter((e) => e.type === 'MouActivated');
    expect(activated).toHaveLength(1);
    const activatedAt = events.indexOf(activated[0]) + 1;
    expect(outcomes).toEqual([{ version: activatedAt, position: expect.any(Number) }]);
    expect((await mous.get(id)).status).toBe('active');
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
