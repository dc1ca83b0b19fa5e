import { inboxBackground, INBOX_CATEGORY, type InboxSource } from '@pmt/service-kit';

/** The integration events the partnership view is built from (docs/integration-events.md). */
export const PARTNERSHIP_SOURCES: InboxSource[] = [
  { service: 'mous', filterSubject: 'events.mous.mou.>' },
  { service: 'proposals', filterSubject: 'events.proposals.proposal.>' },
  { service: 'funding', filterSubject: 'events.funding.grant.>' },
  { service: 'events', filterSubject: 'events.events.activity.>' },
];

/** Background work of the partners process: the inbox consumers, one durable per source. */
export const startPartnershipInbox = inboxBackground(PARTNERSHIP_SOURCES, { category: INBOX_CATEGORY });
