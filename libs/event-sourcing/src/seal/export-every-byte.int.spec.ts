import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join, resolve } from 'node:path';
import { newId, systemClock, type Decider, type DomainEvent } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import type { AggregateDefinition } from '../aggregate';
import { AggregateHistory } from '../history';
import { exportClosing } from '../history-export';
import { appendEvents, sealedStores } from './seal-fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { verifyExportFile } = require(join(resolve(__dirname, '../../../..'), 'scripts/verify-export.js')) as {
  verifyExportFile: (raw: Buffer, key?: string) => { valid: boolean; version?: number | null; problem?: string };
};

type Event = DomainEvent<'Added', unknown>;
const decider: Decider<never, Event, Record<string, never>> = { initialState: () => ({}), evolve: (s) => s, decide: () => [] };
const def: AggregateDefinition<never, Event, Record<string, never>> = { category: 'mou', collection: 'mous', decider };

/**
 * Issue 9: "the offline verifier accepts the export and rejects it after one byte of it changes" — any byte:
 * the events (chain, seal), the header and the service's chain check (attestation), the seal, proof and key
 * (signatures, canonical text), and the layout itself (the verifier re-renders the file). The export is made by
 * the code the service runs (exportChunk, exportTrailer) from a real SQLite store with a real seal.
 */
describe('a JSON export, every byte of it vouched for', () => {
  const dir = tempDir('pmt-every-byte-');
  let s: ReturnType<typeof sealedStores>;
  let raw: Buffer;

  beforeAll(async () => {
    s = sealedStores(dir.path, 'mous');
    const id = newId();
    const stream = `mou-${id}`;
    const data = (n: number) => ({
      title: `บันทึกความเข้าใจ ${n}`,
      changes: { 'clause 4': { ['__proto__']: { amount: `${n},000` } } },
      kpis: [{ target: n * 1.5, note: null }],
    });
    await appendEvents(s.events, stream, 4, data);
    await appendEvents(s.events, `mou-${newId()}`, 2);
    await s.sealer.seal();
    await appendEvents(s.events, stream, 2, data); // after the seal: vouched for by the attestation
    const history = new AggregateHistory(s.events, def, 'MOU', systemClock, s.seals);
    let piece = await history.exportChunk(id, 'json');
    const first = piece;
    let text = piece.chunk;
    while (piece.nextCursor) {
      piece = await history.exportChunk(id, 'json', piece.nextCursor);
      text += piece.chunk;
    }
    const trailer = await history.exportTrailer(id, first.toVersion, first.exportedAt);
    expect(Object.keys(trailer)).toEqual(['verification', 'seal', 'proof', 'publicKeyId', 'publicKey', 'attestation']);
    raw = Buffer.from(text + exportClosing(trailer), 'utf8');
  });
  afterAll(() => {
    s.close();
    dir.remove();
  });

  it('is accepted as exported, with the embedded key and with the auditor’s copy', () => {
    expect(verifyExportFile(raw)).toMatchObject({ valid: true });
    expect(verifyExportFile(raw, s.key.publicKeyPem)).toMatchObject({ valid: true });
  });

  it('is refused after any one byte changes, wherever it is', () => {
    const survivors: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      for (const change of [(b: number) => b ^ 0x01, (b: number) => (b === 0x30 ? 0x31 : 0x30), (b: number) => (b === 0x20 ? 0x0a : 0x20)]) {
        const edited = Buffer.from(raw);
        edited[i] = change(raw[i]);
        if (edited[i] === raw[i]) continue;
        if (verifyExportFile(edited).valid)
          survivors.push(`byte ${i} (${JSON.stringify(raw.subarray(Math.max(0, i - 20), i + 20).toString('latin1'))}) -> ${edited[i]}`);
      }
    }
    expect(survivors).toEqual([]);
  });
});
