import { afterAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pmt/testing';
import { loadWebhooks } from './webhooks-config';

describe('webhook configuration', () => {
  const dir = tempDir('pmt-webhooks-');
  afterAll(() => dir.remove());
  const hook = { name: 'partner-portal', url: 'https://portal.example.org/hooks', secret: 'whsec-0123456789abcdef', topics: ['mou.activated'] };
  const file = join(dir.path, 'workflows.json');
  writeFileSync(file, JSON.stringify({ webhooks: [hook, { ...hook, name: 'crm', url: 'http://crm.local/in' }] }));

  it('reads the webhooks of the workflows config', () => {
    expect(loadWebhooks({ WORKFLOWS_CONFIG: file }).map((h) => [h.name, h.url])).toEqual([
      ['partner-portal', 'https://portal.example.org/hooks'],
      ['crm', 'http://crm.local/in'],
    ]);
  });

  it('lets WEBHOOKS replace one by name (secrets from the environment) and add others', () => {
    const fromEnv = [
      { name: 'crm', url: 'https://crm.example.org/in', secret: 'env-secret-0123456789' },
      { name: 'ops-chat', url: 'https://chat.example.org/hook', secret: 'env-secret-abcdefghij', topics: ['*'] },
    ];
    expect(loadWebhooks({ WORKFLOWS_CONFIG: file, WEBHOOKS: JSON.stringify(fromEnv) })).toEqual([hook, { ...fromEnv[0], topics: [] }, fromEnv[1]]);
  });

  it('stops the service naming every problem of a malformed WEBHOOKS', () => {
    const bad = [hook, { ...hook, url: 'ftp://x', secret: 'short' }, { name: '', url: 'https://y', secret: 'z'.repeat(16), topics: 'all' }];
    expect(() => loadWebhooks({ WORKFLOWS_CONFIG: file, WEBHOOKS: JSON.stringify(bad) })).toThrow(
      'webhook configuration: WEBHOOKS[1].name "partner-portal" is used twice; WEBHOOKS[1].url must be an http(s) URL; WEBHOOKS[1].secret must be at least 16 characters; WEBHOOKS[2].name is required; WEBHOOKS[2].topics must be a list of topics',
    );
    expect(() => loadWebhooks({ WORKFLOWS_CONFIG: file, WEBHOOKS: '{nope' })).toThrow(/^WEBHOOKS is not JSON/);
  });
});
