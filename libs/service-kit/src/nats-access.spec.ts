import { describe, expect, it } from '@jest/globals';
import * as events from '@pmt/contracts-events';
import * as funding from '@pmt/contracts-funding';
import * as mous from '@pmt/contracts-mous';
import * as notifications from '@pmt/contracts-notifications';
import * as partners from '@pmt/contracts-partners';
import * as proposals from '@pmt/contracts-proposals';
import { NATS_SERVICES, natsPermissions, type NatsUser } from './nats-access';

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

const may = (rule: { allow: string[]; deny?: string[] }, subject: string) =>
  rule.allow.some((p) => matches(p, subject)) && !(rule.deny ?? []).some((p) => matches(p, subject));
const publishes = (user: NatsUser, subject: string) => may(natsPermissions(user).publish, subject);
const subscribes = (user: NatsUser, subject: string) => may(natsPermissions(user).subscribe, subject);

/** Every subject the contracts name (their exported strings and objects of strings). */
function contractSubjects(): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string' && /^[a-z]+(\.[A-Za-z-]+)+$/.test(v)) found.add(v);
    else if (v && typeof v === 'object' && !Array.isArray(v)) Object.values(v).forEach(walk);
  };
  [events, funding, mous, notifications, partners, proposals].forEach((m) => Object.values(m).forEach(walk));
  return [...found];
}

describe('NATS permissions, checked against every subject of the contracts', () => {
  const subjects = contractSubjects();
  const eventSubjects = subjects.filter((s) => NATS_SERVICES.some((svc) => s.startsWith(`events.${svc}.`)));
  const requestSubjects = subjects.filter((s) => !eventSubjects.includes(s));

  it('finds the subjects (the walk did not come back empty)', () => {
    expect(requestSubjects).toEqual(expect.arrayContaining(['mous.mou.create', 'events.activity.create', 'partners.organisation.get', 'notifications.health']));
    expect(eventSubjects).toContain('events.proposals.proposal.ProposalApproved');
  });

  it.each(requestSubjects.map((s) => [s]))('%s: the gateway sends it, one service answers it, no other service sends it', (subject) => {
    expect(publishes('gateway', subject)).toBe(true);
    const answering = NATS_SERVICES.filter((svc) => subscribes(svc, subject));
    expect(answering).toEqual([subject.split('.')[0]]);
    const commandSenders = NATS_SERVICES.filter((svc) => publishes(svc, subject) && !/\.(get|statuses|health)$/.test(subject));
    expect(commandSenders).toEqual([]);
  });

  it.each(eventSubjects.map((s) => [s]))('%s: only its own service publishes it, nobody reads it outside JetStream', (subject) => {
    const owner = subject.split('.')[1];
    expect(NATS_SERVICES.filter((svc) => publishes(svc, subject))).toEqual([owner]);
    expect(publishes('gateway', subject)).toBe(false);
    expect(NATS_SERVICES.filter((svc) => subscribes(svc, subject))).toEqual([]);
  });

  it("keeps each process's replies to itself", () => {
    for (const user of ['gateway', ...NATS_SERVICES] as NatsUser[]) {
      const others = ['gateway', ...NATS_SERVICES].filter((u) => u !== user);
      expect(subscribes(user, `_INBOX_${user}.abc`)).toBe(true);
      for (const other of others) expect(subscribes(user, `_INBOX_${other}.abc`)).toBe(false);
      expect(subscribes(user, '_INBOX.abc')).toBe(false);
    }
  });

  it('lets a service consume only the streams it needs: notifications reads the mous stream, not the events stream', () => {
    expect(publishes('notifications', '$JS.API.CONSUMER.MSG.NEXT.EVENTS_MOUS.notifications-mous')).toBe(true);
    expect(publishes('notifications', '$JS.API.CONSUMER.MSG.NEXT.EVENTS_EVENTS.anything')).toBe(false);
    expect(publishes('notifications', '$JS.API.STREAM.DELETE.EVENTS_MOUS')).toBe(false);
    expect(publishes('notifications', '$JS.API.STREAM.CREATE.EVENTS_NOTIFICATIONS')).toBe(true);
    expect(publishes('gateway', '$JS.API.INFO')).toBe(false);
  });
});
