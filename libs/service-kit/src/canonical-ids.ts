import { isUuid } from '@pmt/kernel';

/** Fields that hold ids by the house's naming: `id`, `<thing>Id`, and each element of `<thing>Ids`. */
const ID_FIELD = /^(id|.+Id)$/;
const ID_LIST_FIELD = /^.+Ids$/;
/** Where ids of the request sit in a command or query message; the envelope's own ids are left as sent. */
const BODY_FIELDS = ['id', 'data', 'params'] as const;

/**
 * Lower-cases every UUID in an id field of a message's `id`, `data` and `params`, at any depth, in place:
 * ids are compared and stored in lower case, so a NATS caller that sends `ABC…` names the same resource as
 * the gateway's `abc…` (the gateway canonicalises too; this is the service's own guarantee). Values that
 * are not UUIDs, and fields not named as ids, are left exactly as sent.
 */
export function canonicalIds<T>(message: T): T {
  if (!message || typeof message !== 'object') return message;
  const m = message as Record<string, unknown>;
  for (const field of BODY_FIELDS) {
    if (!Object.prototype.hasOwnProperty.call(m, field)) continue;
    if (field === 'id') m.id = lowerIfUuid(m.id);
    else walk(m[field]);
  }
  return message;
}

function walk(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(walk);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (ID_FIELD.test(key)) o[key] = lowerIfUuid(v);
    else if (ID_LIST_FIELD.test(key) && Array.isArray(v)) o[key] = v.map(lowerIfUuid);
    else walk(v);
  }
}

const lowerIfUuid = (v: unknown): unknown => (isUuid(v) ? v.toLowerCase() : v);
