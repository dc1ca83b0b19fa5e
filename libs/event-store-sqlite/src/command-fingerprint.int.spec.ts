import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { pendingEvent, uniqueStreamId } from '@pmt/event-store/testing';
import { newId } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { openDatabase } from './database';
import { SqliteEventStore } from './sqlite-event-store';

/** es_commands as files made before command fingerprints have it. */
const OLD_COMMANDS_TABLE = `CREATE TABLE es_commands (
  command_id TEXT    NOT NULL PRIMARY KEY,
  stream_id  TEXT    NOT NULL,
  version    INTEGER NOT NULL,
  position   INTEGER NOT NULL
) WITHOUT ROWID;`;

describe('a data file made before command fingerprints', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;

  beforeEach(() => {
    dir = tempDir('pmt-es-fingerprint-');
    file = join(dir.path, 'service.db');
  });
  afterEach(() => dir.remove());

  it('gains the column when opened, keeps its command records, and opens again unchanged', async () => {
    const oldCommand = newId();
    const old = openDatabase(file);
    old.exec(OLD_COMMANDS_TABLE);
    old.prepare('INSERT INTO es_commands (command_id, stream_id, version, position) VALUES (?, ?, ?, ?)').run(oldCommand, 'thing-old', 1, 1);
    old.close();

    const store = SqliteEventStore.open(file);
    expect(await store.findCommand(oldCommand)).toEqual({ streamId: 'thing-old', version: 1, position: 1, duplicate: true });
    const commandId = newId();
    await store.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [pendingEvent()], commandId, commandFingerprint: 'f1' });
    await store.close();

    const reopened = SqliteEventStore.open(file);
    expect(await reopened.findCommand(commandId)).toMatchObject({ commandFingerprint: 'f1' });
    expect(await reopened.findCommand(oldCommand)).not.toHaveProperty('commandFingerprint');
    await reopened.close();
  });
});
