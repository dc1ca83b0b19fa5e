import { MouQueries, MousService } from '@pmt/contracts-mous';
import { EventsService } from '@pmt/contracts-events';
import { FundingService } from '@pmt/contracts-funding';
import { NotificationsService } from '@pmt/contracts-notifications';
import { OrganisationQueries, OrganisationStatusQuery, PartnersService } from '@pmt/contracts-partners';
import { ProposalQueries, ProposalsService } from '@pmt/contracts-proposals';
import { eventStreamName, natsInboxPrefix, serviceEventSubjects } from '@pmt/messaging';
import { sealStreamName, sealSubject } from './seals';

/**
 * Who may do what on NATS (docs/deploy.md, "NATS permissions"). Each process connects as its own user; the server
 * refuses everything a user's permissions do not allow. Request subjects come from the naming rule every contract
 * follows (`<service>.<aggregate>.<verb>`, `<service>.health`, `<service>.audit.*`), so a new command or query needs
 * no edit here; only a new dependency between services does (a stream consumed, another service's query asked).
 */
export const NATS_SERVICES = ['partners', 'proposals', 'mous', 'funding', 'events', 'notifications'] as const;
export type NatsService = (typeof NATS_SERVICES)[number];
/** `admin` is the operator's: every subject, for the `nats` CLI and for tests that inspect streams. */
export type NatsUser = NatsService | 'gateway' | 'admin';
export const NATS_USERS: readonly NatsUser[] = ['gateway', ...NATS_SERVICES, 'admin'];

/** Each service's health subject, from its contract: the one subject of its own a service asks (to know it answers), and what the gateway's readiness asks. */
export const SERVICE_HEALTH_SUBJECTS: Record<NatsService, string> = {
  partners: PartnersService.health,
  proposals: ProposalsService.health,
  mous: MousService.health,
  funding: FundingService.health,
  events: EventsService.health,
  notifications: NotificationsService.health,
};

export interface ServiceNeeds {
  /** The services whose event streams it reads (durable consumers: inboxes, workflows, approvals). */
  consumes: NatsService[];
  /** Other services' queries it asks (reference checks, the notification workflows' lookups). */
  asks: string[];
}

/** What each service needs of the others. A need missing here shows as a permissions violation in the log and a story of test/e2e that stops. */
export const SERVICE_NEEDS: Record<NatsService, ServiceNeeds> = {
  // the partnership view's inbox (services/partners/src/partnership/transport/partnership-inbox.ts)
  partners: { consumes: ['mous', 'proposals', 'funding', 'events'], asks: [] },
  // organisations named by a proposal must exist
  proposals: { consumes: [], asks: [OrganisationStatusQuery] },
  // an MOU's parties must exist
  mous: { consumes: [], asks: [OrganisationStatusQuery] },
  // grants open from approved proposals; a grant's funder, partners and co-investors must exist
  funding: { consumes: ['proposals'], asks: [ProposalQueries.get, OrganisationStatusQuery] },
  // kickoff activities and the calendar's mirrors; an activity's organisations must exist
  events: { consumes: ['mous', 'proposals'], asks: [OrganisationStatusQuery] },
  // the notification workflows: reactions, reminders and who to tell
  notifications: { consumes: ['mous', 'proposals', 'funding'], asks: [OrganisationQueries.get, MouQueries.get, ProposalQueries.get] },
};

export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[]; deny?: string[] };
  /** A responder may publish to the reply subject of a request it received (at most `max` messages). */
  allow_responses?: { max: number };
}

/** The event stream subjects of every service: nobody but the owner may publish there, and no request subject lies there. */
const ALL_EVENT_SUBJECTS = NATS_SERVICES.map((s) => serviceEventSubjects(s));

/** A service's request subjects: everything under its name but the event streams (the events service's name is also their root). */
const requestSubjects = (service: NatsService) => `${service}.>`;

export function natsPermissions(user: NatsUser): NatsPermissions {
  if (user === 'admin') return { publish: { allow: ['>'] }, subscribe: { allow: ['>'] } };
  if (user === 'gateway') {
    // Sends every command and query; reads only its own replies. No JetStream, no events.
    return {
      publish: { allow: NATS_SERVICES.map(requestSubjects), deny: ALL_EVENT_SUBJECTS },
      subscribe: { allow: [`${natsInboxPrefix(user)}.>`] },
    };
  }
  const needs = SERVICE_NEEDS[user];
  return {
    publish: {
      allow: [
        serviceEventSubjects(user),
        sealSubject(user),
        SERVICE_HEALTH_SUBJECTS[user],
        ...needs.asks,
        // JetStream: the availability check, its own streams, and consumers on the streams it reads
        '$JS.API.INFO',
        ...[eventStreamName(user), sealStreamName(user)].flatMap((stream) => ['CREATE', 'UPDATE', 'INFO'].map((verb) => `$JS.API.STREAM.${verb}.${stream}`)),
        ...needs.consumes.map(eventStreamName).flatMap(consumerSubjects),
      ],
    },
    subscribe: { allow: [requestSubjects(user), `${natsInboxPrefix(user)}.>`], deny: ALL_EVENT_SUBJECTS },
    // Nest may send the answer and an end-of-stream packet apart
    allow_responses: { max: 2 },
  };
}

/** Durable pull consumers on one stream: create (both API forms), info, fetch and ack. */
function consumerSubjects(stream: string): string[] {
  return [
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.*`,
    `$JS.API.CONSUMER.INFO.${stream}.*`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
    `$JS.ACK.${stream}.>`,
    // the longer ack form (domain, account hash) newer servers may use
    `$JS.ACK.*.*.${stream}.>`,
  ];
}
