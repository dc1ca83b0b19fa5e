import { Logger } from '@nestjs/common';
import { list, record, text } from '@pmt/kernel';
import { teamRecipients, webhooksFor, type WorkflowsConfig, type WorkflowTopic } from '@pmt/service-kit';
import { contactRecipient, contactRefOf } from '../../notification/contact-recipient';
import type { Target } from '../notification-ids';
import type { Directory } from './directory';

/** The same address check as a notification's recipient: a plain mailbox, no display name. */
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** Who to tell, from the workflow config (teams, webhooks) and the partners service (contacts). */
export class Recipients {
  constructor(
    private readonly config: WorkflowsConfig,
    private readonly directory: Directory,
    private readonly log = new Logger('NotificationWorkflows'),
  ) {}

  /**
   * A team's configured email addresses and in-app inboxes. A team the config does not list still hears of it:
   * in the in-app inbox named after it, so that nothing goes to nobody.
   */
  team(name: string | null): Target[] {
    if (name === null) return [];
    const configured = teamRecipients(this.config, name);
    if (!configured) return [{ channel: 'in-app', recipient: name.trim() }];
    return [
      ...configured.email.map((recipient): Target => ({ channel: 'email', recipient })),
      ...configured.inApp.map((recipient): Target => ({ channel: 'in-app', recipient })),
    ];
  }

  /** A KPI's owner (free text): an email address is emailed, a configured team's name reaches the team, anything else its in-app inbox; no owner, the lead team. */
  owner(owner: string | null, leadTeam: string | null): Target[] {
    const o = owner?.trim() ?? '';
    if (o === '') return this.team(leadTeam);
    if (EMAIL.test(o)) return [{ channel: 'email', recipient: o }];
    if (teamRecipients(this.config, o)) return this.team(o);
    return [{ channel: 'in-app', recipient: o }];
  }

  /** One target per webhook subscribed to the topic, named by the webhook's name (the dispatcher looks it up). */
  webhooks(topic: WorkflowTopic): Target[] {
    return webhooksFor(this.config, topic).map((w) => ({ channel: 'webhook', recipient: w.name }));
  }

  /**
   * An email to every contact with an address, of each party, named by reference (`contact:<org>/<contact>`): the
   * dispatcher looks the address up when it sends, so no notification keeps a copy of it (docs/personal-data.md).
   * A contact with no id or no address (erased) is skipped; an unknown party is skipped; partners down throws.
   */
  async partyContacts(organisationIds: string[]): Promise<Target[]> {
    const targets: Target[] = [];
    for (const organisationId of organisationIds) {
      const organisation = await this.directory.organisation(organisationId);
      if (organisation === null) {
        this.log.warn(`organisation ${organisationId} is unknown to partners; its contacts are not notified`);
        continue;
      }
      for (const contact of list(record(organisation).contacts)) {
        const contactId = text(record(contact).id).trim();
        const email = text(record(contact).email).trim();
        const recipient = contactRecipient({ organisationId, contactId });
        if (EMAIL.test(email) && contactRefOf(recipient)) targets.push({ channel: 'email', recipient });
      }
    }
    return targets;
  }
}
