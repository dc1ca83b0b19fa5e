import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pmt/testing';
import { loadWorkflowsConfig, teamRecipients, webhooksFor } from './workflow-config';

describe('the workflow configuration', () => {
  let dir: ReturnType<typeof tempDir>;
  const file = (name: string, content: unknown) => {
    const path = join(dir.path, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeAll(() => {
    dir = tempDir('pmt-workflow-config-');
  });
  afterAll(() => dir.remove());

  it('is the committed config/workflows.json when WORKFLOWS_CONFIG is not set', () => {
    const config = loadWorkflowsConfig({});
    expect(config.leadTimes).toEqual({ mouRenewalDays: [90, 30, 7], proposalDeadlineDays: [7, 1], kpiReportDays: [7, 0] });
    expect(teamRecipients(config, 'IASA')).toEqual({ email: ['iasa@step.example'], inApp: ['iasa'] });
    expect(config.webhooks).toEqual([]);
  });

  it('takes from the WORKFLOWS_CONFIG file what it gives, lead times key by key, the rest as committed', () => {
    const path = file('override.json', {
      leadTimes: { proposalDeadlineDays: [1, 3] },
      webhooks: [{ name: 'crm', url: 'http://127.0.0.1:9/hook', secret: '0123456789abcdef', topics: ['mou.activated'] }],
    });
    const config = loadWorkflowsConfig({ WORKFLOWS_CONFIG: path });
    expect(config.leadTimes).toEqual({ mouRenewalDays: [90, 30, 7], proposalDeadlineDays: [3, 1], kpiReportDays: [7, 0] });
    expect(teamRecipients(config, 'nmco')?.email).toEqual(['nmco@step.example']);
    expect(webhooksFor(config, 'mou.activated').map((w) => w.name)).toEqual(['crm']);
    expect(webhooksFor(config, 'kpi.report-due')).toEqual([]);
  });

  it('refuses a bad file with one message naming the file and every bad field', () => {
    const path = file('bad.json', {
      leadTimes: { mouRenewalDays: [90, -1, 7.5], kpiReportDays: [7, 7] },
      teams: { IASA: { email: ['not-an-address'] } },
      webhooks: [{ name: 'crm', url: 'ftp://x', secret: 'short', topics: ['mou.signed'] }],
      extra: true,
    });
    const error = (() => {
      try {
        loadWorkflowsConfig({ WORKFLOWS_CONFIG: path });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(error).toContain(`WORKFLOWS_CONFIG=${path}`);
    for (const field of [
      'leadTimes.mouRenewalDays[1]: must be 0 or more days',
      'leadTimes.mouRenewalDays[2]: must be a whole number of days',
      'leadTimes.kpiReportDays: must not list a lead time twice',
      'teams.IASA.email[0]: must be an email address',
      'webhooks[0].url',
      'webhooks[0].secret',
      'webhooks[0].topics[0]',
      '(top level)',
    ]) {
      expect(error).toContain(field);
    }
  });

  it('refuses a file that is missing or not JSON, saying so', () => {
    expect(() => loadWorkflowsConfig({ WORKFLOWS_CONFIG: join(dir.path, 'missing.json') })).toThrow(/cannot read/);
    expect(() => loadWorkflowsConfig({ WORKFLOWS_CONFIG: file('text.json', 'leadTimes: 7') })).toThrow(/is not JSON/);
  });
});
