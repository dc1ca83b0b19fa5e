import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId, systemClock, type Decider, type DomainEvent } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import type { AggregateDefinition } from '../aggregate';
import { handleCommand } from '../command-handler';
import { AggregateHistory } from '../history';
import { rootOfProof } from './merkle';
import { sealedStores } from './seal-fixtures';

type Command = { type: 'Note'; text: string };
type Event = DomainEvent<'Noted', { text: string }>;
const decider: Decider<Command, Event, { notes: number }> = {
  initialState: () => ({ notes: 0 }),
  evolve: (s) => ({ notes: s.notes + 1 }),
  decide: (c) => [{ type: 'Noted', data: { text: c.text } }],
};
const def: AggregateDefinition<Command, Event, { notes: number }> = { category: 'note', collection: 'notes', decider };

describe('AggregateHistory with seals', () => {
  let dir: ReturnType<typeof tempDir>;
  let s: ReturnType<typeof sealedStores>;
  let history: AggregateHistory<Command, Event, { notes: number }>;
  const note = (id: string, text: string) =>
    handleCommand(s.events, def, id, { type: 'Note', text }, { commandId: newId(), actor: 'a', correlationId: newId(), now: new Date().toISOString() });

  beforeEach(() => {
    dir = tempDir('pmt-history-seals-');
    s = sealedStores(dir.path, 'notes');
    history = new AggregateHistory(s.events, def, 'note', systemClock, s.seals);
  });
  afterEach(() => {
    s.close();
    dir.remove();
  });

  it('verifies against the seals and gives the export trailer’s seal evidence', async () => {
    const id = newId();
    for (const text of ['a', 'b', 'c']) await note(id, text);
    expect(await history.verify(id)).toEqual({ valid: true, events: 3, firstInvalidVersion: null, sealedVersion: null, sealedAt: null, cause: null });
    expect(await history.sealEvidence(id, 3)).toMatchObject({ seal: null, proof: null, publicKeyId: s.key.keyId });
    const { seal } = await s.sealer.seal();
    await note(id, 'd');
    expect(await history.verify(id)).toEqual({ valid: true, events: 4, firstInvalidVersion: null, sealedVersion: 3, sealedAt: seal?.sealedAt, cause: null });
    const evidence = (await history.sealEvidence(id, 4)) as Awaited<ReturnType<typeof s.seals.evidence>>;
    expect(evidence.seal).toEqual(seal);
    expect(rootOfProof(evidence.proof?.leaf as never, evidence.proof as never)).toBe(seal?.root);
    s.db.prepare('DELETE FROM es_events WHERE stream_id = ? AND stream_version >= 2').run(`note-${id}`);
    expect(await history.verify(id)).toMatchObject({ valid: false, events: 1, firstInvalidVersion: 2, cause: 'deleted-tail' });
  });

  it('reports a sealed stream deleted whole as a deleted tail from version 1, and an unknown id as 404', async () => {
    const id = newId();
    for (const text of ['a', 'b']) await note(id, text);
    await s.sealer.seal();
    s.db.prepare('DELETE FROM es_events WHERE stream_id = ?').run(`note-${id}`);
    expect(await history.verify(id)).toMatchObject({ valid: false, events: 0, firstInvalidVersion: 1, sealedVersion: 2, cause: 'deleted-tail' });
    await expect(history.verify(newId())).rejects.toMatchObject({ code: 'NOTE.NOT_FOUND' });
  });

  it('without seals checks the chain only and gives no evidence', async () => {
    const plain = new AggregateHistory(s.events, def, 'note');
    const id = newId();
    await note(id, 'a');
    expect(await plain.verify(id)).toEqual({ valid: true, events: 1, firstInvalidVersion: null, sealedVersion: null, sealedAt: null, cause: null });
    expect(await plain.sealEvidence(id, 1)).toEqual({});
  });
});
