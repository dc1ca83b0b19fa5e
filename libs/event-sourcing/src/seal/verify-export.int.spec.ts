import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateKeyPairSync } from 'node:crypto';
import { chainHash, newId } from '@pmt/kernel';
import { entryOf } from '../history-entry';
import { renderJsonExport } from '../history-export';
import { loadSealKey } from './seal-keys';
import { signSeal } from './seal-signing';
import { tempDir } from '@pmt/testing';
import { appendEvents, sealedStores } from './seal-fixtures';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../../../..');
const SCRIPT = join(ROOT, 'scripts/verify-export.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyExport } = require(SCRIPT) as { verifyExport: (file: unknown, key?: string) => { valid: boolean; version?: number | null; problem?: string } };

/** The bytes of an export as the service writes them; the verifier refuses any other layout. */
const layout = ({ format: _format, resourceType, resourceId, stream, exportedAt, events, ...trailer }: Record<string, unknown>) =>
  renderJsonExport({ resourceType, resourceId, stream, exportedAt } as never, events as unknown[], trailer);

/** Runs the CLI as a user would: through npm when asked, else node directly (faster). */
async function cli(args: string[], viaNpm = false): Promise<{ code: number; out: string }> {
  const [cmd, argv] = viaNpm ? ['npm', ['run', '--silent', 'verify-export', '--', ...args]] : [process.execPath, [SCRIPT, ...args]];
  try {
    const { stdout } = await run(cmd, argv, { cwd: ROOT });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('npm run verify-export', () => {
  const dir = tempDir('pmt-export-');
  let s: ReturnType<typeof sealedStores>;
  const resourceId = newId();
  const stream = `mou-${resourceId}`;
  let exported: Record<string, unknown>;
  const file = (name: string, content: unknown) => {
    const path = join(dir.path, name);
    writeFileSync(path, typeof content === 'string' ? content : layout(content as Record<string, unknown>));
    return path;
  };
  const clone = () => JSON.parse(JSON.stringify(exported)) as { events: Array<Record<string, unknown>>; seal: Record<string, string>; [k: string]: unknown };

  const mouData = (n: number) => ({
    title: `บันทึกข้อตกลง ${n}`,
    kpis: [{ id: `k${n}`, target: n * 10, note: null }],
    amount: { amount: n * 100_000, currency: 'THB' },
  });

  beforeAll(async () => {
    s = sealedStores(dir.path, 'mous');
    // Thai text, nested data, numbers and nulls: what real MOU events carry
    await appendEvents(s.events, stream, 8, mouData);
    await appendEvents(s.events, `mou-${newId()}`, 2);
    await s.sealer.seal();
    await appendEvents(s.events, stream, 2, mouData);
    const events = await s.events.readStream(stream);
    exported = {
      format: 'pmt.history-export/1',
      resourceType: 'mou',
      resourceId,
      stream,
      exportedAt: new Date().toISOString(),
      events: events.map(entryOf),
      verification: { valid: true, events: events.length, firstInvalidVersion: null },
      ...(await s.seals.evidence(stream, events.length)),
    };
  });
  afterAll(() => {
    s.close();
    dir.remove();
  });

  it('accepts an untouched export, with the embedded key and with the auditor’s own copy of it', async () => {
    const path = file('ok.json', exported);
    const viaNpm = await cli([path], true);
    expect(viaNpm).toMatchObject({ code: 0 });
    expect(viaNpm.out).toMatch(/^valid: .*10 events, chain intact; versions 1\.\.8 sealed by mous seal/);
    const keyFile = file('pub.pem', s.key.publicKeyPem);
    expect(await cli([path, '--public-key', keyFile])).toMatchObject({ code: 0, out: expect.stringContaining('the given public key') });
  });

  it('rejects one changed byte in any field of any event, naming its version', async () => {
    const fields = ['data', 'reason', 'hash', 'actor', 'occurredAt', 'recordedAt', 'eventId', 'type', 'correlationId', 'causationId'];
    for (let v = 1; v <= 10; v++) {
      for (const field of fields) {
        const f = clone();
        const e = f.events[v - 1];
        if (field === 'data') (e.data as { kpis: Array<{ target: number }> }).kpis[0].target += 1;
        else e[field] = flipLastChar(String(e[field]));
        const result = verifyExport(f);
        expect({ v, field, ...result }).toMatchObject({ v, field, valid: false, version: v });
      }
    }
    const f = clone();
    f.events[4].data = { ...(f.events[4].data as object), title: 'บันทึกข้อตกลง 6' };
    const out = await cli([file('data.json', f)]);
    expect(out).toEqual({ code: 1, out: expect.stringContaining('invalid: first bad version 5:') });
    const g = clone();
    g.events[2].reason = 'step 4';
    expect(await cli([file('reason.json', g)])).toEqual({ code: 1, out: expect.stringContaining('first bad version 3:') });
  });

  it('rejects every one-character change of an event’s text that still parses, naming its version', () => {
    let tried = 0;
    for (let v = 1; v <= 10; v++) {
      const text = JSON.stringify(clone().events[v - 1]);
      for (let p = 0; p < text.length; p++) {
        const c = text[p];
        const other = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : /[a-zA-Z]/.test(c) ? (c === 'a' ? 'b' : 'a') : null;
        if (other === null) continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(text.slice(0, p) + other + text.slice(p + 1));
        } catch {
          continue;
        }
        const f = clone();
        f.events[v - 1] = entry;
        expect({ v, p, ...verifyExport(f) }).toMatchObject({ v, p, valid: false, version: v });
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(3000);
  });

  it('rejects a rehashed rewrite against the seal, and a deleted tail under it', async () => {
    const f = clone();
    (f.events[3].data as { amount: { amount: number } }).amount.amount = 1;
    let previous = '0'.repeat(64);
    for (const e of f.events) {
      e.hash = chainHash(previous, { id: e.eventId, streamId: stream, streamVersion: e.version, ...e } as never);
      previous = e.hash as string;
    }
    // the chain holds again, but version 8's hash is no longer the sealed one
    expect(await cli([file('rehashed.json', f)])).toEqual({
      code: 1,
      out: expect.stringContaining('first bad version 8: its hash differs from the one the seal covers'),
    });
    const g = clone();
    g.events = g.events.slice(0, 6);
    expect(verifyExport(g)).toMatchObject({ valid: false, version: 7 });
  });

  it('rejects a tampered seal signature, root or proof', async () => {
    const f = clone();
    f.seal.signature = Buffer.from(Buffer.from(f.seal.signature, 'base64').map((b, i) => (i === 10 ? b ^ 1 : b))).toString('base64');
    expect(await cli([file('sig.json', f)])).toEqual({ code: 1, out: expect.stringContaining('signature') });
    const g = clone();
    g.seal.root = flipLastChar(g.seal.root);
    expect(verifyExport(g)).toMatchObject({ valid: false, version: 1, problem: expect.stringContaining('proof') });
    const h = clone();
    (h.proof as { path: Array<{ hash: string }> }).path[0].hash = flipLastChar((h.proof as { path: Array<{ hash: string }> }).path[0].hash);
    expect(verifyExport(h)).toMatchObject({ valid: false, version: 1 });
  });

  it('rejects a wrong --public-key, and never trusts the embedded key when one is given', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyFile = file('other.pem', other);
    const path = file('ok2.json', exported);
    expect(await cli([path, '--public-key', keyFile])).toEqual({ code: 1, out: expect.stringContaining('key id mismatch') });
    // an insider re-signs with their own key and embeds it: consistent in itself, refused against the real key
    const mallory = loadSealKey(join(dir.path, 'mallory.pem'), { generate: true });
    const f = clone();
    const { signature: _dropped, ...header } = f.seal as never as Record<string, unknown>;
    f.seal = signSeal({ ...(header as Record<string, unknown>), keyId: mallory.keyId } as never, mallory.privateKey) as never;
    f.publicKey = mallory.publicKeyPem;
    f.publicKeyId = mallory.keyId;
    const forged = file('forged.json', f);
    expect(await cli([forged])).toMatchObject({ code: 0 });
    expect(await cli([forged, '--public-key', file('real.pem', s.key.publicKeyPem)])).toEqual({ code: 1, out: expect.stringContaining('key id mismatch') });
  });

  it('rejects the same export re-formatted, though every value is the same', async () => {
    expect(await cli([file('pretty.json', JSON.stringify(exported, null, 2))])).toEqual({ code: 1, out: expect.stringContaining('re-formatted or edited') });
  });

  it('rejects a file that is not an export, and exits 2 on bad usage', async () => {
    expect(await cli([file('junk.json', '{"events":')])).toMatchObject({ code: 1 });
    expect(await cli([])).toMatchObject({ code: 2 });
    const f = clone();
    f.events[1].note = 'added later';
    expect(verifyExport(f)).toMatchObject({ valid: false, version: 2 });
    // the export claims to be about another MOU than the one its events are of
    const g = clone();
    g.resourceId = newId();
    expect(verifyExport(g)).toMatchObject({ valid: false, problem: expect.stringContaining('its events are of') });
  });
});

function flipLastChar(text: string): string {
  const last = text[text.length - 1];
  return text.slice(0, -1) + (last === 'a' ? 'b' : 'a');
}
