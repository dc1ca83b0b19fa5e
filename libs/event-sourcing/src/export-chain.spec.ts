import { describe, expect, it } from '@jest/globals';
import type { StoredEventJson } from '@pmt/event-store';
import { canonicalJson, chainHash, GENESIS_HASH, toWellFormedText, verifyChain, type StoredEvent } from '@pmt/kernel';
import fc from 'fast-check';
import { chainStart, checkEvent, verificationOf } from './export-chain';
import { entryOf } from './history-entry';
import { exportRow } from './history-export';

const text = fc.string({ unit: 'binary', maxLength: 12 }).map(toWellFormedText);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
  ),
  object: fc.dictionary(fc.oneof(text, fc.constantFrom('__proto__', 'constructor', '10', '9')), tie('value'), { maxKeys: 4 }),
})).value;

/** A chain of events as a store keeps them: hashed over the canonical text; data stored canonical or as JSON.stringify wrote it. */
function chain(datas: unknown[], reasons: (string | undefined)[], canonical: boolean): { events: StoredEvent[]; rows: StoredEventJson[] } {
  const events: StoredEvent[] = [];
  let previous = GENESIS_HASH;
  datas.forEach((data, i) => {
    const e: Omit<StoredEvent, 'hash'> = {
      id: `e-${i}`,
      type: 'Noted',
      schemaVersion: 1,
      streamId: 'note-1',
      streamVersion: i + 1,
      globalPosition: i + 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      recordedAt: '2026-01-01T00:00:01.000Z',
      actor: 'ผู้ใช้ "a"\n',
      correlationId: 'c',
      causationId: 'd',
      ...(reasons[i] !== undefined && { reason: reasons[i] }),
      data: JSON.parse(JSON.stringify(data)),
    };
    previous = chainHash(previous, e);
    events.push({ ...e, hash: previous });
  });
  const rows = events.map(({ data, ...rest }) => ({ ...rest, dataJson: canonical ? canonicalJson(data) : JSON.stringify(data) }));
  return { events, rows };
}

const check = (rows: StoredEventJson[]) => {
  const state = chainStart();
  for (const r of rows) checkEvent(state, r);
  return verificationOf(state);
};

describe('the export chain check', () => {
  const events = fc.array(fc.tuple(json, fc.option(text, { nil: undefined })), { minLength: 1, maxLength: 6 });

  it('answers exactly as verifyChain, stored text canonical or not, intact or with any event edited, removed or rehashed', () => {
    fc.assert(
      fc.property(events, fc.boolean(), fc.nat(), fc.constantFrom('data', 'reason', 'remove', 'hash', 'none'), (list, canonical, at, edit) => {
        const { events: stored, rows } = chain(
          list.map(([d]) => d),
          list.map(([, r]) => r),
          canonical,
        );
        const i = at % stored.length;
        const edited = stored.map((e) => ({ ...e }));
        const editedRows = rows.map((r) => ({ ...r }));
        if (edit === 'data') {
          edited[i].data = { edited: edited[i].data };
          editedRows[i].dataJson = JSON.stringify(edited[i].data);
        } else if (edit === 'reason') {
          edited[i].reason = editedRows[i].reason = `${edited[i].reason ?? ''}!`;
        } else if (edit === 'hash') {
          edited[i].hash = editedRows[i].hash = 'f'.repeat(64);
        } else if (edit === 'remove') {
          edited.splice(i, 1);
          editedRows.splice(i, 1);
        }
        expect(check(editedRows)).toEqual(verifyChain(edited));
      }),
      { numRuns: 500 },
    );
  });

  it('writes each entry exactly as JSON.stringify of the history entry', () => {
    fc.assert(
      fc.property(events, fc.boolean(), (list, canonical) => {
        const { events: stored, rows } = chain(
          list.map(([d]) => d),
          list.map(([, r]) => r),
          canonical,
        );
        rows.forEach((r, i) => {
          const parsed = { ...stored[i], data: JSON.parse(r.dataJson) };
          expect(exportRow('json', r)).toBe((i === 0 ? '' : ',\n') + JSON.stringify(entryOf(parsed)));
        });
      }),
      { numRuns: 300 },
    );
  });
});
