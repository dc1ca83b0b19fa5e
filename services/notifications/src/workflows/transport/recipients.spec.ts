import { describe, expect, it } from '@jest/globals';
import { parseWorkflowsConfig } from '@pmt/service-kit';
import type { Directory } from './directory';
import { Recipients } from './recipients';

const config = parseWorkflowsConfig(
  {
    leadTimes: { mouRenewalDays: [90, 30, 7], proposalDeadlineDays: [7, 1], kpiReportDays: [7, 0] },
    teams: { IASA: { email: ['iasa@step.example'], inApp: ['iasa'] }, IMO: { email: ['imo@step.example'] } },
    webhooks: [
      { name: 'crm', url: 'https://crm.example/hooks', secret: 'a-secret-of-16-chars', topics: ['mou.activated'] },
      { name: 'all', url: 'https://audit.example/in', secret: 'another-long-secret', topics: ['*'] },
    ],
  },
  'test',
);

/** The partners service as the recipients see it: organisations with contacts, one unknown. */
const directory = {
  organisation: async (id: string) =>
    id === 'nia'
      ? {
          id,
          contacts: [
            { id: 'c-somchai', name: 'Somchai', email: 'somchai@nia.or.th' },
            { id: 'c-reception', name: 'No mail', email: '' },
            { id: 'c-erased', erased: true, erasedAt: '2026-01-01T00:00:00.000Z' },
          ],
        }
      : id === 'undp'
        ? { id, contacts: [{ id: 'c-ana', name: 'Ana', email: 'ana@undp.org', phone: null, role: 'programme' }] }
        : null,
} as unknown as Directory;

const recipients = new Recipients(config, directory, { log: () => undefined, warn: () => undefined, error: () => undefined } as never);

describe('who a workflow tells', () => {
  it('a team: its configured addresses and inboxes, found whatever the case of its name', () => {
    expect(recipients.team('iasa')).toEqual([
      { channel: 'email', recipient: 'iasa@step.example' },
      { channel: 'in-app', recipient: 'iasa' },
    ]);
  });

  it('a team the config does not list: its in-app inbox, so the news reaches somebody', () => {
    expect(recipients.team('NMCO')).toEqual([{ channel: 'in-app', recipient: 'NMCO' }]);
    expect(recipients.team(null)).toEqual([]);
  });

  it('a KPI owner: an email address is mailed, a team name reaches the team, anything else its inbox, no owner the lead team', () => {
    expect(recipients.owner('owner@cmu.ac.th', 'IASA')).toEqual([{ channel: 'email', recipient: 'owner@cmu.ac.th' }]);
    expect(recipients.owner('IMO', 'IASA')).toEqual([{ channel: 'email', recipient: 'imo@step.example' }]);
    expect(recipients.owner('Provincial Chief Science Officer', 'IASA')).toEqual([{ channel: 'in-app', recipient: 'Provincial Chief Science Officer' }]);
    expect(recipients.owner(null, 'IASA')).toHaveLength(2);
  });

  it('the webhooks subscribed to the topic, by name', () => {
    expect(recipients.webhooks('mou.activated')).toEqual([
      { channel: 'webhook', recipient: 'crm' },
      { channel: 'webhook', recipient: 'all' },
    ]);
    expect(recipients.webhooks('kpi.report-due')).toEqual([{ channel: 'webhook', recipient: 'all' }]);
  });

  it('every contact with an address, of every known party, named by reference and never by address', async () => {
    const targets = await recipients.partyContacts(['nia', 'undp', 'gone']);
    expect(targets).toEqual([
      { channel: 'email', recipient: 'contact:nia/c-somchai' },
      { channel: 'email', recipient: 'contact:undp/c-ana' },
    ]);
    expect(JSON.stringify(targets)).not.toMatch(/@/);
  });
});
