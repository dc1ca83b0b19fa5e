import { Logger } from '@nestjs/common';
import { officeDate, type Clock } from '@pmt/kernel';
import type { Doc, Filter, Page, ReadModelStore } from '@pmt/read-model';
import { deadlineMessage, kpiMessage, renewalMessage } from '../messages';
import { mouFactsOfResource, type MouFacts } from '../mou-facts';
import { reminderCause, reminderId, type Target } from '../notification-ids';
import { proposalFactsOfResource, type ProposalFacts } from '../proposal-facts';
import { deadlineReminder, mouReminders, sameReminder, type LeadTimes, type Reminder } from '../reminders';
import { mouCandidates, proposalCandidates, WorkflowCollections } from '../workflows.projection';
import type { Directory } from './directory';
import type { Notice, Notifier } from './notifier';
import type { Recipients } from './recipients';

/** What a pass did, for tests and logs. */
export interface PassResult {
  sent: Reminder[];
  /** Due by the local facts, but no longer by the subject's current state (submitted, renewed...). */
  dropped: Reminder[];
}

/**
 * Sends the reminders whose time has come. Keeps no state of its own: each pass reads the facts mirrored from the
 * mous and proposals services and the reminders already sent from the read model, so after downtime the first pass
 * sends what fell due meanwhile (late, once), and a reminder recorded as sent is never sent again.
 *
 * At firing time each reminder is checked against the subject's current state, asked of its owner (a proposal
 * submitted or withdrawn meanwhile gets no reminder, even if the mirror has not heard yet). When the owner does
 * not answer, the reminder waits for a later pass.
 */
export class ReminderScheduler {
  private readonly log = new Logger('ReminderScheduler');

  constructor(
    private readonly readModel: ReadModelStore,
    private readonly directory: Directory,
    private readonly recipients: Recipients,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly leadTimes: () => LeadTimes,
  ) {}

  async pass(): Promise<PassResult> {
    const today = officeDate(this.clock.now());
    const lead = this.leadTimes();
    const result: PassResult = { sent: [], dropped: [] };
    await this.each<MouFacts>(WorkflowCollections.mous, mouCandidates(today, lead), async (mou) => {
      for (const r of mouReminders(mou, today, lead)) await this.fire(r, today, lead, result);
    });
    await this.each<ProposalFacts>(WorkflowCollections.proposals, proposalCandidates(today, lead), async (p) => {
      const r = deadlineReminder(p, today, lead.proposalDeadlineDays);
      if (r) await this.fire(r, today, lead, result);
    });
    return result;
  }

  private async each<T>(collection: string, filter: Filter, visit: (doc: T) => Promise<void>): Promise<void> {
    let cursor: string | null = null;
    do {
      const page: Page<Doc> = await this.readModel.find(collection, filter, { limit: 200, cursor });
      for (const doc of page.items) await visit(doc as unknown as T);
      cursor = page.nextCursor;
    } while (cursor);
  }

  private async fire(r: Reminder, today: string, lead: LeadTimes, result: PassResult): Promise<void> {
    if (await this.readModel.get(WorkflowCollections.reminders, reminderId(r))) return;
    try {
      const what = await this.current(r, today, lead);
      if (!what) {
        result.dropped.push(r);
        return;
      }
      if (what.targets.length === 0) this.log.warn(`${reminderCause(r)}: nobody to remind (no contacts, team or webhook configured)`);
      const ids = await this.notifier.request(reminderCause(r), what.targets, what.notice, { reason: `${r.topic}: ${r.date}, ${r.leadDays} days ahead` });
      await this.notifier.markSent(r, ids);
      result.sent.push(r);
    } catch (e) {
      this.log.warn(`${reminderCause(r)} not sent yet, next pass tries again: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The reminder's recipients and message from the subject as it is now; null when it is no longer due. */
  private async current(r: Reminder, today: string, lead: LeadTimes): Promise<{ targets: Target[]; notice: Notice } | null> {
    if (r.topic === 'proposal.deadline-due') {
      const p = proposalFactsOfResource(await this.directory.proposal(r.subjectId));
      const still = p && deadlineReminder(p, today, lead.proposalDeadlineDays);
      if (!p || !still || !sameReminder(still, r)) return null;
      const message = deadlineMessage({ title: p.title, submissionDeadline: r.date }, today);
      return {
        targets: [...this.recipients.team(p.leadTeam), ...this.recipients.webhooks(r.topic)],
        notice: { ...message, topic: r.topic, link: { resource: 'proposals', id: p.id }, visibility: { confidential: p.confidential, leadTeam: p.leadTeam } },
      };
    }
    const mouId = r.topic === 'kpi.report-due' ? r.subjectId.slice(0, r.subjectId.indexOf(':')) : r.subjectId;
    const mou = mouFactsOfResource(await this.directory.mou(mouId));
    if (!mou || !mouReminders(mou, today, lead).some((still) => sameReminder(still, r))) return null;
    const link = { resource: 'mous', id: mou.id };
    const visibility = { confidential: mou.confidential, leadTeam: mou.leadTeam };
    if (r.topic === 'mou.renewal-due') {
      const targets = [...(await this.recipients.partyContacts(mou.parties)), ...this.recipients.team(mou.leadTeam), ...this.recipients.webhooks(r.topic)];
      return { targets, notice: { ...renewalMessage({ title: mou.title, endsOn: r.date }, today), topic: r.topic, link, visibility } };
    }
    const kpi = mou.kpis.find((k) => k.id === r.kpiId);
    if (!kpi) return null;
    return {
      targets: [...this.recipients.owner(kpi.owner, mou.leadTeam), ...this.recipients.webhooks(r.topic)],
      notice: { ...kpiMessage({ kpiName: kpi.name, mouTitle: mou.title, dueOn: r.date }), topic: r.topic, link, visibility },
    };
  }
}
