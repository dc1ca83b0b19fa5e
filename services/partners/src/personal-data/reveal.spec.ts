import { describe, expect, it } from '@jest/globals';
import type { PersonalDataKeys } from './key-store';
import { emailDigest, newDataKey, open, seal } from './personal-data.crypto';
import { reveal } from './reveal';

const fields = { name: 'คุณมาลี', email: 'malee@nia.or.th', phone: '+66 2 017 5555', role: null };

/** An in-memory key store: the port is all reveal needs. */
function memoryKeys(): PersonalDataKeys & { keys: Map<string, Buffer> } {
  const keys = new Map<string, Buffer>();
  return {
    keys,
    create: async (subjectId) => {
      const key = newDataKey();
      keys.set(`k-${subjectId}`, key);
      return { keyId: `k-${subjectId}`, key };
    },
    key: async (keyId) => keys.get(keyId) ?? null,
    destroySubject: async (subjectId) => Number(keys.delete(`k-${subjectId}`)),
    indexKey: async () => Buffer.alloc(32, 7),
    close: async () => undefined,
  };
}

describe('sealing a contact', () => {
  it('opens with its key and the contact id, and the ciphertext shows nothing of the fields', () => {
    const key = newDataKey();
    const sealed = seal(key, 'c-1', fields);
    expect(sealed).not.toContain('malee');
    expect(Buffer.from(sealed.split('.')[3], 'base64url').toString('utf8')).not.toContain('malee');
    expect(open(key, 'c-1', sealed)).toEqual(fields);
  });

  it('does not open under another contact id or another key', () => {
    const key = newDataKey();
    const sealed = seal(key, 'c-1', fields);
    expect(() => open(key, 'c-2', sealed)).toThrow();
    expect(() => open(newDataKey(), 'c-1', sealed)).toThrow();
  });

  it('digests an address whatever its case and spaces, and differently under another index key', () => {
    const k = Buffer.alloc(32, 1);
    expect(emailDigest(k, ' Malee@NIA.or.th')).toBe(emailDigest(k, 'malee@nia.or.th'));
    expect(emailDigest(Buffer.alloc(32, 2), 'malee@nia.or.th')).not.toBe(emailDigest(k, 'malee@nia.or.th'));
  });
});

describe('reveal', () => {
  it('opens sealed contacts anywhere in a reply, drops key ids and digests, and leaves plain (older) contacts as they are', async () => {
    const keys = memoryKeys();
    const { keyId, key } = await keys.create('c-1');
    const sealedContact = { id: 'c-1', keyId, sealed: seal(key, 'c-1', fields), emailDigest: 'd' };
    const legacy = { id: 'c-0', name: 'Old', email: 'old@nia.or.th', phone: null, role: null };
    const reply = { resource: { contacts: [legacy, sealedContact] }, items: [{ data: { contact: sealedContact } }] };
    expect(await reveal(reply, keys)).toEqual({
      resource: { contacts: [legacy, { id: 'c-1', ...fields }] },
      items: [{ data: { contact: { id: 'c-1', ...fields } } }],
    });
  });

  it('shows a contact whose key is destroyed as erased, never its ciphertext', async () => {
    const keys = memoryKeys();
    const { keyId, key } = await keys.create('c-1');
    const sealedContact = { id: 'c-1', keyId, sealed: seal(key, 'c-1', fields), emailDigest: 'd' };
    await keys.destroySubject('c-1');
    expect(await reveal({ contacts: [sealedContact] }, keys)).toEqual({ contacts: [{ id: 'c-1', erased: true }] });
  });
});
