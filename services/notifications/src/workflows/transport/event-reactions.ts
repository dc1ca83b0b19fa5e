import { grantEventOf } from '@pmt/contracts-funding';
import { mouEventOf } from '@pmt/contracts-mous';
import { dateOrNull, idInCategory, officeDate, record, text, textOrNull, wasPastWhenEntered, type Clock, type StoredEvent } from '@pmt/kernel';
import type { EventStore } from '@pmt/event-store';
import { inboxStreamId } from '@pmt/service-kit';
import { formatMoney } from '../dates';
import { approvedMessage, mouActivatedMessage } from '../messages';
import { foldMouFacts } from '../mou-facts';
import { eventCause } from '../notification-ids';
import { tooLateToReact } from '../reminders';
import { NOTIFICATIONS_MIRROR_CATEGORY, sourceEventOf } from '../workflows.projection';
import type { Notifier } from './notifier';
import type { Recipients } from './recipients';

export type ReactionOutcome = 'notified' | 'skipped';

/** The office date the source recorded the event (its `data.at`), else when it occurred. */
const recordedOn = (e: StoredEvent) => officeDate(text(record(e.data).at) || e.occurredAt);

/**
 * Nobody is told of a fact that was already past when it was entered (an MOU signed in 2009 entered today, the
 * grant of an approval entered after the fact), nor of old history met on a first start or after long downtime.
 */
const isOldNews = (e: StoredEvent, today: string) => wasPastWhenEntered(e) || tooLateToReact(recordedOn(e), today);

/**
 * MouActivated (at the last signature, or later by the mous scheduler) → every contact of every party, and the
 * MOU's lead team, hear that it is in force; so do the webhooks on `mou.activated`. The MOU's facts are folded
 * from this service's mirror, which holds the stream up to this event by the time the reaction runs.
 */
export class MouActivatedReaction {
  constructor(
    private readonly store: EventStore,
    private readonly recipients: Recipients,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async react(event: StoredEvent): Promise<ReactionOutcome> {
    const activated = mouEventOf(event);
    if (activated?.type !== 'MouActivated') return 'skipped';
    const today = officeDate(this.clock.now());
    const mouId = idInCategory(event.streamId, 'mou');
    if (mouId === null) return 'skipped';
    const mirror = await this.store.readStream(inboxStreamId(event.streamId, NOTIFICATIONS_MIRROR_CATEGORY));
    const mou = foldMouFacts(mouId, mirror.map(sourceEventOf));
    // No longer in force (terminated, or its term over), or old news: nothing to tell.
    if (!mou || mou.status !== 'active' || (mou.endsOn !== null && mou.endsOn < today) || isOldNews(event, today)) return 'skipped';
    const targets = [
      ...(await this.recipients.partyContacts(mou.parties)),
      ...this.recipients.team(mou.leadTeam),
      ...this.recipients.webhooks('mou.activated'),
    ];
    const message = mouActivatedMessage({ title: mou.title, activatedOn: dateOrNull(activated.data.activatedOn) ?? mou.activatedOn, endsOn: mou.endsOn });
    await this.notifier.request(
      eventCause('mou.activated', mouId),
      targets,
      { ...message, topic: 'mou.activated', link: { resource: 'mous', id: mouId }, visibility: { confidential: mou.confidential, leadTeam: mou.leadTeam } },
      { correlationId: event.correlationId, causationId: event.id, reason: 'MOU activated' },
    );
    return 'notified';
  }
}

/**
 * GrantOpened of an approved proposal (its `proposalId` set) → the lead team hears of the approval, with the grant
 * linked; so do the webhooks on `proposal.approved`. The grant rather than ProposalApproved: it carries what the
 * message says (title, lead team, amount awarded) and the grant's id to link, so nothing needs looking up, and
 * the link is never to a grant that does not exist yet. A grant opened directly (no proposal) is not an approval.
 */
export class GrantOpenedReaction {
  constructor(
    private readonly recipients: Recipients,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async react(event: StoredEvent): Promise<ReactionOutcome> {
    const opened = grantEventOf(event);
    if (opened?.type !== 'GrantOpened') return 'skipped';
    const d = opened.data;
    const proposalId = textOrNull(d.proposalId);
    const grantId = textOrNull(d.id) ?? idInCategory(event.streamId, 'grant') ?? '';
    if (proposalId === null || isOldNews(event, officeDate(this.clock.now()))) return 'skipped';
    const targets = [...this.recipients.team(textOrNull(d.leadTeam)), ...this.recipients.webhooks('proposal.approved')];
    const message = approvedMessage({ title: text(d.title, proposalId), grantId, awarded: formatMoney(d.awardedAmount) });
    await this.notifier.request(
      eventCause('proposal.approved', proposalId),
      targets,
      {
        ...message,
        topic: 'proposal.approved',
        link: { resource: 'grants', id: grantId },
        // the grant carries its proposal's confidentiality
        visibility: { confidential: d.confidential === true, leadTeam: textOrNull(d.leadTeam) },
      },
      { correlationId: event.correlationId, causationId: event.id, reason: 'proposal approved, grant opened' },
    );
    return 'notified';
  }
}
