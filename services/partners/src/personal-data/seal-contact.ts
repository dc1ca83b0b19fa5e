import { newId } from '@pmt/kernel';
import type { ContactInput } from '../organisation';
import type { PersonalDataKeys } from './key-store';
import { emailDigest, seal } from './personal-data.crypto';

export interface ContactFields {
  name: string;
  email: string;
  phone?: string | null;
  role?: string | null;
}

/**
 * Gives each new contact an id and a key of its own and seals its fields under it, before the decider sees the
 * command: the decider checks the plain fields and puts only the seal into the event. `discard` destroys the
 * keys again when the command is refused.
 */
export async function sealContacts(
  keys: PersonalDataKeys,
  contacts: ContactFields[],
): Promise<{ inputs: ContactInput[]; discard(kept?: Set<string>): Promise<void> }> {
  const indexKey = await keys.indexKey();
  const inputs: ContactInput[] = [];
  for (const c of contacts) {
    const id = newId();
    const { keyId, key } = await keys.create(id);
    const fields = { name: c.name, email: c.email, phone: c.phone ?? null, role: c.role ?? null };
    inputs.push({ ...c, id, seal: { keyId, sealed: seal(key, id, fields), emailDigest: emailDigest(indexKey, c.email) } });
  }
  return {
    inputs,
    /** Destroys the keys made here, but those of the contacts in `kept`. */
    async discard(kept: Set<string> = new Set()) {
      for (const c of inputs) if (!kept.has(c.id)) await keys.destroySubject(c.id);
    },
  };
}
