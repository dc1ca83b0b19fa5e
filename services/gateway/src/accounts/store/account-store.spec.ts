import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tempDir } from '@pmt/testing';
import { AccountError, AccountStore } from './account-store';

describe('local accounts (real SQLite file)', () => {
  const dir = tempDir('pmt-accounts-');
  let store: AccountStore;

  beforeAll(() => {
    store = AccountStore.open(dir.path);
  });
  afterAll(() => {
    store?.close();
    dir.remove();
  });

  it('keeps one account per email whatever its case, and only an argon2id hash of the password', async () => {
    await store.add({ email: ' Somchai@Example.ORG ', password: 'long enough pw', roles: ['staff'], teams: ['IASA'] });
    await expect(store.add({ email: 'somchai@example.org', password: 'another one!', roles: ['viewer'], teams: [] })).rejects.toThrow(/exists already/);
    expect(store.find('SOMCHAI@example.org')).toMatchObject({ email: 'somchai@example.org', roles: ['staff'], teams: ['IASA'], disabled: false });
    const { password_hash: hash } = store.db.prepare('SELECT password_hash FROM accounts').get() as { password_hash: string };
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain('long enough pw');
  });

  it('verifies the password, and refuses an unknown email, a wrong password and a disabled account alike', async () => {
    await store.add({ email: 'a@example.org', password: 'password-a-1', roles: ['admin'], teams: [] });
    expect((await store.verify('A@example.org', 'password-a-1'))?.email).toBe('a@example.org');
    expect(await store.verify('a@example.org', 'password-a-2')).toBeUndefined();
    expect(await store.verify('nobody@example.org', 'password-a-1')).toBeUndefined();
    store.disable('a@example.org');
    expect(await store.verify('a@example.org', 'password-a-1')).toBeUndefined();
  });

  it.each([
    ['an unknown role', { roles: ['boss'] }, /unknown role/],
    ['no role', { roles: [] }, /at least one role/],
    ['a team with spaces', { teams: ['IA SA'] }, /team/],
    ['a short password', { password: 'short' }, /8 characters/],
    ['no email', { email: 'not-an-email' }, /email/],
  ])('refuses %s', async (_, change, message) => {
    const account = { email: 'new@example.org', password: 'long enough pw', roles: ['staff'], teams: ['IASA'], ...change };
    await expect(store.add(account)).rejects.toThrow(AccountError);
    await expect(store.add(account)).rejects.toThrow(message);
    expect(store.find('new@example.org')).toBeUndefined();
  });

  it('says so when asked to disable an account that does not exist', () => {
    expect(() => store.disable('ghost@example.org')).toThrow(/no account/);
  });
});
