import { grantEventOf } from '@pmt/contracts-funding';
import { mouEventOf } from '@pmt/contracts-mous';
import { proposalEventOf } from '@pmt/contracts-proposals';
import type { EventStore } from '@pmt/event-store';
import { idInCategory, record, type StoredEvent } from '@pmt/kernel';
import type { Page } from '@pmt/read-model';
import { inboxStreamId } from '@pmt/service-kit';
import { foldMouFacts } from '../mou-facts';
import { visibilityCommandId } from '../notification-ids';
import { evolveProposalFacts, type ProposalFacts } from '../proposal-facts';
import { NOTIFICATIONS_MIRROR_CATEGORY, sourceEventOf } from '../workflows.projection';
import { WORKFLOWS_ACTOR } from './directory';
import type { Notifications } from './notifier';

/** Who may see a record now; `leadTeam` undefined when the event does not say and the notices keep theirs. */
export interface VisibilityChange {
  resource: 'mous' | 'proposals' | 'grants';
  id: string;
  confidential: boolean;
  leadTeam?: string | null;
}

/**
 * Notices follow the record they are about (their link) when it is made confidential, opened again, or given
 * another lead team: MouConfidentialityChanged and a lead team revised (the MOU's facts from the mirror, as of that
 * event), the same of proposals, and GrantConfidentialityChanged (a grant's lead team does not change).
 * Each notice changes once per source event (a derived command id), so a redelivery changes nothing.
 */
export class ConfidentialityFollower {
  constructor(
    private readonly store: EventStore,
    private readonly notifications: Notifications,
  ) {}

  async react(event: StoredEvent): Promise<number> {
    const change = await this.changeOf(event);
    return change ? this.follow(change, event) : 0;
  }

  async changeOf(e: StoredEvent): Promise<VisibilityChange | null> {
    const mou = mouEventOf(e);
    if (mou?.type === 'MouConfidentialityChanged' || (mou?.type === 'MouTermsRevised' && 'leadTeam' in record(mou.data.changes))) {
      const id = idInCategory(e.streamId, 'mou');
      const facts = id === null ? null : foldMouFacts(id, await this.mirrorUpTo(e));
      return facts && { resource: 'mous', id: facts.id, confidential: facts.confidential, leadTeam: facts.leadTeam };
    }
    const proposal = proposalEventOf(e);
    if (proposal?.type === 'ProposalConfidentialityChanged' || (proposal?.type === 'ProposalDraftRevised' && 'leadTeam' in record(proposal.data.changes))) {
      const id = idInCategory(e.streamId, 'proposal');
      const facts = id === null ? null : (await this.mirrorUpTo(e)).reduce<ProposalFacts | null>((f, m) => evolveProposalFacts(f, id, m), null);
      return facts && { resource: 'proposals', id: facts.id, confidential: facts.confidential, leadTeam: facts.leadTeam };
    }
    const grant = grantEventOf(e);
    const grantId = idInCategory(e.streamId, 'grant');
    if (grant?.type === 'GrantConfidentialityChanged' && grantId !== null)
      return { resource: 'grants', id: grantId, confidential: grant.data.confidential === true };
    return null;
  }

  /** The source stream as mirrored, up to this event: the mirror may already hold later events of a batch. */
  private async mirrorUpTo(e: StoredEvent) {
    const mirror = await this.store.readStream(inboxStreamId(e.streamId, NOTIFICATIONS_MIRROR_CATEGORY));
    return mirror.filter((m) => m.streamVersion <= e.streamVersion).map(sourceEventOf);
  }

  /** Sets the visibility of every notice linked to the record; answers how many there were. */
  private async follow(change: VisibilityChange, cause: StoredEvent): Promise<number> {
    const data = { confidential: change.confidential, ...(change.leadTeam !== undefined && { leadTeam: change.leadTeam }) };
    let [cursor, count]: [string | null, number] = [null, 0];
    do {
      const page: Page<{ id: string }> = await this.notifications.list({ 'link.resource': change.resource, 'link.id': change.id }, { limit: 200, cursor });
      for (const { id } of page.items) {
        await this.notifications.execute(
          id,
          {
            commandId: visibilityCommandId(id, cause.id),
            actor: WORKFLOWS_ACTOR,
            correlationId: cause.correlationId,
            causationId: cause.id,
            reason: 'the record it is about changed who may see it',
            data,
          },
          (now: string) => ({ type: 'SetVisibility', now, data }),
        );
        count += 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return count;
  }
}
