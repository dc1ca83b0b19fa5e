#!/usr/bin/env node
// Verifies a JSON history export offline: npm run verify-export -- <file> [--public-key <pem file>]
// Self-contained (node:crypto only), so that an auditor can copy it and run it anywhere with Node 18+.
// It is an independent implementation of docs/history-and-audit.md ("Verifying an export offline"):
// exit 0 when valid (prints a summary), 1 naming the first bad version, 2 on a usage error.
'use strict';
const { createHash, createPublicKey, verify } = require('node:crypto');
const { readFileSync } = require('node:fs');

const GENESIS_HASH = '0'.repeat(64);
const ENTRY_FIELDS = ['version', 'type', 'schemaVersion', 'eventId', 'occurredAt', 'recordedAt', 'actor', 'correlationId', 'causationId', 'reason', 'data', 'hash'];

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
const chainHash = (previousHex, entry, stream) => sha256(Buffer.from(previousHex, 'utf8'), Buffer.from(canonicalJson(hashedContent(entry, stream)), 'utf8')).toString('hex');
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

const keyIdOf = (key) => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');

/**
 * Checks an export object; returns { valid: true, summary } or { valid: false, version, problem }.
 * `trustedKeyPem`: the auditor's own copy of the public key; when given, the embedded key is never used.
 */
function verifyExport(file, trustedKeyPem) {
  const bad = (version, problem) => ({ valid: false, version, problem });
  if (!file || file.format !== 'pmt.history-export/1') return bad(null, 'not a pmt.history-export/1 file');
  if (typeof file.stream !== 'string' || !Array.isArray(file.events)) return bad(null, 'the file lacks its stream id or events');
  const { stream, events } = file;
  // The stream id is hashed into every event; the resource id beside it is not, so it must agree with it.
  if (file.resourceId !== undefined && !stream.endsWith(`-${file.resourceId}`)) return bad(null, `the file says it is about ${file.resourceId}, but its events are of ${stream}`);

  let previous = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!e || typeof e !== 'object' || e.version !== i + 1) return bad(i + 1, `expected version ${i + 1} here, found ${e && e.version}: an event is missing or out of order`);
    // Only hashed fields may be there: anything else in an entry would be text nothing vouches for.
    const extra = Object.keys(e).find((k) => !ENTRY_FIELDS.includes(k));
    if (extra !== undefined) return bad(e.version, `field ${JSON.stringify(extra)} is not part of a history entry`);
    if (chainHash(previous, e, stream) !== e.hash) return bad(e.version, 'its hash does not match its content and the hash before it (chain)');
    previous = e.hash;
  }

  const { seal, proof } = file;
  if (!seal) {
    if (trustedKeyPem) return bad(1, 'the file carries no seal, so the public key vouches for nothing');
    return { valid: true, summary: `${stream}: ${events.length} events, chain intact; NOT SEALED: nothing vouches against a rewrite with recomputed hashes` };
  }
  // A seal that fails vouches for no version of the stream: 1 is the first version that cannot be trusted.
  if (!proof || !proof.leaf || !Array.isArray(proof.path)) return bad(1, 'the seal comes without its Merkle proof');
  const leaf = proof.leaf;
  if (leaf.streamId !== stream) return bad(1, `the seal's leaf is for ${leaf.streamId}, not ${stream}`);
  const sealed = events[leaf.version - 1];
  if (!Number.isSafeInteger(leaf.version) || leaf.version < 1 || !sealed) return bad(events.length + 1, `the seal covers version ${leaf.version} but the file stops at ${events.length}`);
  // The chain holds, so some version at or before this one was rewritten and the hashes recomputed; only the
  // service's sealed hashes (GET …/history/verify) can name which.
  if (sealed.hash !== leaf.hash) return bad(leaf.version, 'its hash differs from the one the seal covers (seal leaf mismatch): versions up to it were rewritten and rehashed');
  let root;
  try {
    root = rootOfProof(leaf, proof);
  } catch (error) {
    return bad(1, `the Merkle proof is malformed: ${error.message}`);
  }
  if (root !== seal.root) return bad(1, 'the Merkle proof does not lead to the seal\'s root (proof)');

  let key;
  try {
    key = createPublicKey(trustedKeyPem || file.publicKey);
  } catch (error) {
    return bad(1, `the public key cannot be read: ${error.message}`);
  }
  const keyId = keyIdOf(key);
  if (trustedKeyPem && keyId !== seal.keyId) return bad(1, `the seal was made with key ${seal.keyId}, not with the given public key ${keyId} (key id mismatch)`);
  if (!trustedKeyPem && (keyId !== file.publicKeyId || keyId !== seal.keyId)) return bad(1, 'the embedded public key is not the key the seal names (key id mismatch)');
  let holds = false;
  try {
    holds = verify(null, sealMessage(seal), key, Buffer.from(String(seal.signature), 'base64'));
  } catch {
    holds = false;
  }
  if (!holds) return bad(1, 'the seal\'s signature does not hold (signature)');

  const unsealed = events.length > leaf.version ? `; versions ${leaf.version + 1}..${events.length} are after the seal (chain only)` : '';
  const trust = trustedKeyPem ? 'the given public key' : 'the public key embedded in the file (pass --public-key to check against your own copy)';
  return {
    valid: true,
    summary: `${stream}: ${events.length} events, chain intact; versions 1..${leaf.version} sealed by ${seal.service} seal ${seal.sealId} at ${seal.sealedAt}, key ${keyId}, signature checked with ${trust}${unsealed}`,
  };
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
  let file;
  try {
    file = JSON.parse(readFileSync(files[0], 'utf8'));
  } catch (error) {
    process.stdout.write(`invalid: ${files[0]} cannot be read as JSON: ${error.message}\n`);
    return 1;
  }
  const result = verifyExport(file, trusted);
  if (result.valid) {
    process.stdout.write(`valid: ${result.summary}\n`);
    return 0;
  }
  process.stdout.write(result.version === null ? `invalid: ${result.problem}\n` : `invalid: first bad version ${result.version}: ${result.problem}\n`);
  return 1;
}

module.exports = { verifyExport, canonicalJson };
if (require.main === module) process.exitCode = main(process.argv);
