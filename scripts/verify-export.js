#!/usr/bin/env node
// Verifies a JSON history export offline: npm run verify-export -- <file> [--public-key <pem file>]
// Self-contained (node:crypto only), so that an auditor can copy it and run it anywhere with Node 18+.
// It is an independent implementation of docs/history-and-audit.md ("Verifying an export offline"):
// exit 0 when valid (prints a summary), 1 naming the first bad version, 2 on a usage error.
'use strict';
const { createHash, createPublicKey, verify } = require('node:crypto');
const { readFileSync } = require('node:fs');

const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEYS = ['format', 'resourceType', 'resourceId', 'stream', 'exportedAt'];
const TRAILER_KEYS = ['verification', 'seal', 'proof', 'publicKeyId', 'publicKey', 'attestation'];
const ENTRY_FIELDS = [
  'version',
  'type',
  'schemaVersion',
  'eventId',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'reason',
  'data',
  'hash',
];

/** An array index: the decimal text of a whole number from 0 to 2^32 - 2, without leading zeros. */
const isArrayIndex = (key) => /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 2 ** 32 - 1;

/**
 * Canonical JSON: own keys that are array indices first in numeric order, then the others sorted by UTF-16 code
 * units; no whitespace, undefined dropped, numbers as JSON writes them.
 */
function canonicalJson(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value);
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  const parts = [];
  for (const key of indices.concat(keys.filter((k) => !isArrayIndex(k)).sort())) {
    if (value[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(value[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/** The hashed content of an event, rebuilt from its history entry and the export's stream id. */
function hashedContent(entry, stream) {
  return {
    id: entry.eventId,
    type: entry.type,
    schemaVersion: entry.schemaVersion,
    streamId: stream,
    streamVersion: entry.version,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    actor: entry.actor,
    correlationId: entry.correlationId,
    causationId: entry.causationId,
    reason: entry.reason === undefined ? null : entry.reason,
    data: entry.data,
  };
}

const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const chainHash = (previousHex, entry, stream) =>
  sha256(Buffer.from(previousHex, 'utf8'), Buffer.from(canonicalJson(hashedContent(entry, stream)), 'utf8')).toString('hex');
const leafHash = (leaf) => sha256(Buffer.from([0]), Buffer.from(JSON.stringify([leaf.streamId, leaf.version, leaf.hash]), 'utf8'));
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);

function rootOfProof(leaf, proof) {
  let h = leafHash(leaf);
  for (const step of proof.path) {
    const sibling = Buffer.from(String(step.hash), 'hex');
    if (sibling.length !== 32 || (step.position !== 'left' && step.position !== 'right')) throw new Error('malformed proof step');
    h = step.position === 'left' ? nodeHash(sibling, h) : nodeHash(h, sibling);
  }
  return h.toString('hex');
}

function sealMessage(seal) {
  const { format, keyId, leafCount, root, sealId, sealedAt, service } = seal;
  return Buffer.from(JSON.stringify({ format, keyId, leafCount, root, sealId, sealedAt, service }), 'utf8');
}

function attestationMessage(a) {
  const { format, resourceType, resourceId, stream, exportedAt, toVersion, headHash, keyId } = a;
  const v = a.verification || {};
  return Buffer.from(
    JSON.stringify({
      format,
      resourceType,
      resourceId,
      stream,
      exportedAt,
      toVersion,
      headHash,
      verification: { valid: v.valid, events: v.events, firstInvalidVersion: v.firstInvalidVersion },
      keyId,
    }),
    'utf8',
  );
}

/** The file exactly as the service writes it (docs/history-and-audit.md, "Export file"): any other byte is an edit. */
function rendered(file) {
  const pair = (k) => `${JSON.stringify(k)}:${JSON.stringify(file[k])}`;
  const trailer = Object.keys(file).filter((k) => TRAILER_KEYS.includes(k));
  return (
    '{' +
    HEAD_KEYS.map(pair).join(',\n') +
    ',\n"events":[\n' +
    file.events.map((e) => JSON.stringify(e)).join(',\n') +
    '\n]' +
    trailer.map((k) => `,\n${pair(k)}`).join('') +
    '\n}\n'
  );
}

/** The first byte at which two buffers differ, or -1. */
function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** The version whose line holds byte `at` of the file, or null when it is outside the events. */
function versionAt(raw, at) {
  const start = raw.indexOf('"events":[\n');
  if (start < 0 || at < start) return null;
  let version = 0;
  for (let i = start; i < at && i < raw.length; i++) if (raw[i] === 0x0a) version++;
  return version >= 1 ? version : null;
}

const keyIdOf = (key) =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');

/**
 * Checks an export object; returns { valid: true, summary } or { valid: false, version, problem }.
 * `trustedKeyPem`: the auditor's own copy of the public key; when given, the embedded key is never used.
 */
function verifyExport(file, trustedKeyPem) {
  const bad = (version, problem) => ({ valid: false, version, problem });
  if (!file || file.format !== 'pmt.history-export/1') return bad(null, 'not a pmt.history-export/1 file');
  if (typeof file.stream !== 'string' || !Array.isArray(file.events)) return bad(null, 'the file lacks its stream id or events');
  const keys = Object.keys(file);
  const expected = [...HEAD_KEYS, 'events', ...TRAILER_KEYS.filter((k) => k in file)];
  if (keys.join() !== expected.join()) return bad(null, `the file's keys are ${keys.join(', ')}, not those of an export (${expected.join(', ')})`);
  const { stream, events } = file;
  // The stream id is hashed into every event; the resource id beside it is not, so it must agree with it.
  if (file.resourceId !== undefined && !stream.endsWith(`-${file.resourceId}`))
    return bad(null, `the file says it is about ${file.resourceId}, but its events are of ${stream}`);

  let previous = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!e || typeof e !== 'object' || e.version !== i + 1)
      return bad(i + 1, `expected version ${i + 1} here, found ${e && e.version}: an event is missing or out of order`);
    // Only hashed fields may be there: anything else in an entry would be text nothing vouches for.
    const extra = Object.keys(e).find((k) => !ENTRY_FIELDS.includes(k));
    if (extra !== undefined) return bad(e.version, `field ${JSON.stringify(extra)} is not part of a history entry`);
    if (Object.keys(e).join() !== ENTRY_FIELDS.join())
      return bad(e.version, `its fields are not those of a history entry, in their order (${ENTRY_FIELDS.join(', ')})`);
    if (chainHash(previous, e, stream) !== e.hash) return bad(e.version, 'its hash does not match its content and the hash before it (chain)');
    previous = e.hash;
  }

  // Text that decodes loosely (hex in upper case, base64 with stray characters, a re-wrapped PEM) would let a
  // byte change go unseen: every hash, id, signature and key must be written exactly as the service writes it.
  const textProblem = uncanonicalText(file);
  if (textProblem) return bad(1, textProblem);

  let key = null;
  let keyId = null;
  const needKey = () => {
    if (key) return null;
    try {
      key = createPublicKey(trustedKeyPem || file.publicKey);
    } catch (error) {
      return bad(1, `the public key cannot be read: ${error.message}`);
    }
    keyId = keyIdOf(key);
    if (!trustedKeyPem && key.export({ type: 'spki', format: 'pem' }) !== file.publicKey)
      return bad(1, 'the embedded public key is not written as the service writes it');
    if (!trustedKeyPem && keyId !== file.publicKeyId) return bad(1, 'the embedded public key is not the key the file names (key id mismatch)');
    return null;
  };
  const signedBy = (what, claimedKeyId) => {
    if (claimedKeyId === keyId) return null;
    return trustedKeyPem
      ? bad(1, `the ${what} was made with key ${claimedKeyId}, not with the given public key ${keyId} (key id mismatch)`)
      : bad(1, `the embedded public key is not the key the ${what} names (key id mismatch)`);
  };

  const { seal, proof, attestation } = file;
  if (!seal && !attestation) {
    if (trustedKeyPem) return bad(1, 'the file carries no seal, so the public key vouches for nothing');
    if (canonicalJson(file.verification) !== canonicalJson({ valid: true, events: events.length, firstInvalidVersion: null })) {
      return bad(null, `the file's verification ${JSON.stringify(file.verification)} is not what its chain shows`);
    }
    return { valid: true, summary: `${stream}: ${events.length} events, chain intact; NOT SEALED: nothing vouches against a rewrite with recomputed hashes` };
  }
  const told = [];
  if (seal) {
    // A seal that fails vouches for no version of the stream: 1 is the first version that cannot be trusted.
    if (!proof || !proof.leaf || !Array.isArray(proof.path)) return bad(1, 'the seal comes without its Merkle proof');
    const leaf = proof.leaf;
    if (leaf.streamId !== stream) return bad(1, `the seal's leaf is for ${leaf.streamId}, not ${stream}`);
    const sealed = events[leaf.version - 1];
    if (!Number.isSafeInteger(leaf.version) || leaf.version < 1 || !sealed)
      return bad(events.length + 1, `the seal covers version ${leaf.version} but the file stops at ${events.length}`);
    // The chain holds, so some version at or before this one was rewritten and the hashes recomputed; only the
    // service's sealed hashes (GET …/history/verify) can name which.
    if (sealed.hash !== leaf.hash)
      return bad(leaf.version, 'its hash differs from the one the seal covers (seal leaf mismatch): versions up to it were rewritten and rehashed');
    const shapeProblem = proofShapeProblem(proof, seal);
    if (shapeProblem) return bad(1, shapeProblem);
    let root;
    try {
      root = rootOfProof(leaf, proof);
    } catch (error) {
      return bad(1, `the Merkle proof is malformed: ${error.message}`);
    }
    if (root !== seal.root) return bad(1, "the Merkle proof does not lead to the seal's root (proof)");
    const keyProblem = needKey() || signedBy('seal', seal.keyId);
    if (keyProblem) return keyProblem;
    if (!holds(sealMessage(seal), key, seal.signature)) return bad(1, "the seal's signature does not hold (signature)");
    const unsealed = events.length > leaf.version ? `; versions ${leaf.version + 1}..${events.length} are after the seal (chain only)` : '';
    told.push(`versions 1..${leaf.version} sealed by ${seal.service} seal ${seal.sealId} at ${seal.sealedAt}${unsealed}`);
  }
  if (attestation) {
    const keyProblem = needKey() || signedBy('attestation', attestation.keyId);
    if (keyProblem) return keyProblem;
    if (attestation.format !== 'pmt.export-attestation/1' || !holds(attestationMessage(attestation), key, attestation.signature)) {
      return bad(1, "the service's attestation of the export does not hold (attestation signature)");
    }
    const last = events[events.length - 1];
    if (attestation.toVersion !== events.length)
      return bad(
        Math.min(attestation.toVersion, events.length) + 1,
        `the service exported versions 1..${attestation.toVersion}, the file holds 1..${events.length}`,
      );
    if (attestation.headHash !== last.hash)
      return bad(
        last.version,
        "its hash differs from the one the service attested for the export's last version: versions up to it were rewritten and rehashed",
      );
    for (const k of ['resourceType', 'resourceId', 'stream', 'exportedAt']) {
      if (attestation[k] !== file[k])
        return bad(null, `the file's ${k} is ${JSON.stringify(file[k])}, but the service attested ${JSON.stringify(attestation[k])}`);
    }
    if (canonicalJson(attestation.verification) !== canonicalJson(file.verification))
      return bad(null, "the file's verification is not the one the service attested");
    told.push(`the export (versions 1..${attestation.toVersion}, ${file.exportedAt}) attested by the service`);
  }
  // the service's own chain check, written into the file, must say what this check found
  if (canonicalJson(file.verification) !== canonicalJson({ valid: true, events: events.length, firstInvalidVersion: null })) {
    const claimed = file.verification && file.verification.events;
    return bad(
      Number.isSafeInteger(claimed) && claimed > events.length ? events.length + 1 : null,
      `the file's verification ${JSON.stringify(file.verification)} is not what its chain shows`,
    );
  }
  const trust = trustedKeyPem ? 'the given public key' : 'the public key embedded in the file (pass --public-key to check against your own copy)';
  return { valid: true, summary: `${stream}: ${events.length} events, chain intact; ${told.join('; ')}; key ${keyId}, signatures checked with ${trust}` };
}

const HEX64 = /^[0-9a-f]{64}$/;
const isBase64 = (text) => typeof text === 'string' && Buffer.from(text, 'base64').toString('base64') === text;

function uncanonicalText(file) {
  const { seal, proof, attestation } = file;
  const hexes = [
    ['publicKeyId', file.publicKeyId],
    ...(seal
      ? [
          ['seal.root', seal.root],
          ['seal.keyId', seal.keyId],
        ]
      : []),
    ...(proof && proof.leaf ? [['proof.leaf.hash', proof.leaf.hash]] : []),
    ...(proof && Array.isArray(proof.path) ? proof.path.map((p, i) => [`proof.path[${i}].hash`, p && p.hash]) : []),
    ...(attestation
      ? [
          ['attestation.headHash', attestation.headHash],
          ['attestation.keyId', attestation.keyId],
        ]
      : []),
  ];
  for (const [name, value] of hexes) if (value !== undefined && !HEX64.test(value)) return `${name} is not 64 lower-case hex digits`;
  if (seal && !isBase64(seal.signature)) return "the seal's signature is not canonical base64";
  if (attestation && !isBase64(attestation.signature)) return "the attestation's signature is not canonical base64";
  return null;
}

/** The proof's steps must be exactly those of its leaf's place in a tree of the seal's size (odd last nodes promoted). */
function proofShapeProblem(proof, seal) {
  if (proof.leafCount !== seal.leafCount) return `the proof is for a tree of ${proof.leafCount} leaves, the seal has ${seal.leafCount}`;
  let index = proof.leafIndex;
  let count = proof.leafCount;
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) return `the proof's leafIndex ${index} is not a place in ${count} leaves`;
  const positions = [];
  while (count > 1) {
    if (index % 2 === 1) positions.push('left');
    else if (index + 1 < count) positions.push('right');
    index = Math.floor(index / 2);
    count = Math.ceil(count / 2);
  }
  const given = proof.path.map((p) => p && p.position);
  return given.join() === positions.join() ? null : `the proof's steps (${given.join(', ')}) do not fit leaf ${proof.leafIndex} of ${proof.leafCount}`;
}

function holds(message, key, signature) {
  try {
    return verify(null, message, key, Buffer.from(String(signature), 'base64'));
  } catch {
    return false;
  }
}

/** Everything checked, then the bytes: the file must be exactly what the service wrote (no re-formatting, no edits). */
function verifyExportFile(raw, trustedKeyPem) {
  let file;
  try {
    file = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return { valid: false, version: null, problem: `the file cannot be read as JSON: ${error.message}` };
  }
  const result = verifyExport(file, trustedKeyPem);
  if (!result.valid) return result;
  const at = firstDifference(raw, Buffer.from(rendered(file), 'utf8'));
  if (at >= 0) return { valid: false, version: versionAt(raw, at), problem: `byte ${at} is not what the service wrote: the file was re-formatted or edited` };
  return result;
}

function main(argv) {
  const args = argv.slice(2);
  let keyFile;
  const files = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--public-key') keyFile = args[++i];
    else if (args[i].startsWith('--public-key=')) keyFile = args[i].slice('--public-key='.length);
    else files.push(args[i]);
  }
  if (files.length !== 1 || (keyFile !== undefined && !keyFile)) {
    process.stderr.write('usage: npm run verify-export -- <export.json> [--public-key <public key PEM>]\n');
    return 2;
  }
  let trusted;
  try {
    if (keyFile) trusted = readFileSync(keyFile, 'utf8');
  } catch (error) {
    process.stderr.write(`cannot read the public key ${keyFile}: ${error.message}\n`);
    return 2;
  }
  let raw;
  try {
    raw = readFileSync(files[0]);
  } catch (error) {
    process.stderr.write(`cannot read ${files[0]}: ${error.message}\n`);
    return 2;
  }
  const result = verifyExportFile(raw, trusted);
  if (result.valid) {
    process.stdout.write(`valid: ${result.summary}\n`);
    return 0;
  }
  process.stdout.write(result.version === null ? `invalid: ${result.problem}\n` : `invalid: first bad version ${result.version}: ${result.problem}\n`);
  return 1;
}

module.exports = { verifyExport, verifyExportFile, canonicalJson };
if (require.main === module) process.exitCode = main(process.argv);
