// The stored form of the license signing keys: one JSON document, in the data directory's
// key file or in LICENTIA_LICENSE_SIGNING_KEYS, and the pure operations on it (generate,
// rotate, validate and import). Kept apart from the key ring so the format and its checks can
// be read, and used by the CLI, without the file handling.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Temporal } from 'temporal-polyfill';

export type SigningKeyStatus = 'active' | 'retired';

export interface PrivateEd25519Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
}

/** One key as stored (file or configuration). */
export interface StoredSigningKey {
  kid: string;
  /** ISO-8601 instant. */
  createdAt: string;
  status: SigningKeyStatus;
  /** ISO-8601 instant; set when the key stopped signing. */
  retiredAt?: string;
  jwk: PrivateEd25519Jwk;
}

/** The document in the key file and in LICENTIA_LICENSE_SIGNING_KEYS. */
export interface SigningKeySetDocument {
  version: 1;
  keys: StoredSigningKey[];
}

/** A published verification key (RFC 8037 OKP JWK). */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** What may be shown about a key (admin UI, logs): never key material. */
export interface SigningKeyInfo {
  kid: string;
  createdAt: string;
  status: SigningKeyStatus;
  retiredAt?: string;
}

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** What the signers need; the key ring implements it, tests may fake it. */
export interface LicenseSigningKeys {
  activeSigningKey(): ActiveSigningKey;
}

export class SigningKeysError extends Error {
  override name = 'SigningKeysError';
}

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, no spaces. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

function newStoredKey(now: Temporal.Instant): StoredSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const exported = privateKey.export({ format: 'jwk' });
  const jwk: PrivateEd25519Jwk = { kty: 'OKP', crv: 'Ed25519', x: String(exported.x), d: String(exported.d) };
  return { kid: jwkThumbprint(jwk), createdAt: now.toString(), status: 'active', jwk };
}

/** A fresh document with one active key. */
export function generateSigningKeySet(now: Temporal.Instant): SigningKeySetDocument {
  return { version: 1, keys: [newStoredKey(now)] };
}

/**
 * Pure rotation: the new key comes first and is active; the previously active one is retired.
 * Configured deployments use this (through the CLI) to produce the next configuration value.
 */
export function rotateSigningKeySet(document: SigningKeySetDocument, now: Temporal.Instant): SigningKeySetDocument {
  const retiredAt = now.toString();
  const previous = document.keys.map((key): StoredSigningKey =>
    key.status === 'active' ? { ...key, status: 'retired', retiredAt } : { ...key },
  );
  return { version: 1, keys: [newStoredKey(now), ...previous] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a document and imports its keys. Messages name the problem, never key material. */
export type ImportedKeys = Map<string, { stored: StoredSigningKey; privateKey: KeyObject }>;

export function importDocument(raw: unknown, source: string): ImportedKeys {
  const fail = (problem: string): never => {
    throw new SigningKeysError(`license signing keys from ${source}: ${problem}`);
  };
  if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.keys)) fail('expected {"version":1,"keys":[...]}');
  const keys = (raw as { keys: unknown[] }).keys;
  if (keys.length === 0) fail('no keys');
  const imported = new Map<string, { stored: StoredSigningKey; privateKey: KeyObject }>();
  keys.forEach((entry, index) => {
    const at = `key ${index + 1}`;
    if (!isRecord(entry) || !isRecord(entry.jwk)) return fail(`${at} is not an object with a jwk`);
    const { kid, createdAt, status, retiredAt, jwk } = entry as Record<string, unknown> & { jwk: Record<string, unknown> };
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128) return fail(`${at} needs a kid of 1 to 128 characters`);
    if (imported.has(kid)) return fail(`kid ${kid} appears twice`);
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return fail(`key ${kid} needs an ISO createdAt`);
    if (status !== 'active' && status !== 'retired') return fail(`key ${kid} has status ${String(status)}`);
    if (retiredAt !== undefined && (typeof retiredAt !== 'string' || Number.isNaN(Date.parse(retiredAt)))) {
      return fail(`key ${kid} has an invalid retiredAt`);
    }
    const { kty, crv, x, d } = jwk;
    if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || typeof d !== 'string') {
      return fail(`key ${kid} must be an Ed25519 private JWK (kty OKP, crv Ed25519, x, d)`);
    }
    if (!BASE64URL_32_BYTES.test(x) || !BASE64URL_32_BYTES.test(d)) return fail(`key ${kid} has malformed x or d`);
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: { kty, crv, x, d }, format: 'jwk' });
    } catch {
      return fail(`key ${kid} cannot be imported`);
    }
    // A hand-edited configuration could pair one key's x with another's d: then every file
    // would fail verification in the field. Derive x from d and refuse the mismatch at start.
    if (createPublicKey(privateKey).export({ format: 'jwk' }).x !== x) return fail(`key ${kid}: x does not belong to d`);
    const stored: StoredSigningKey = { kid, createdAt, status, jwk: { kty, crv, x, d } };
    if (typeof retiredAt === 'string') stored.retiredAt = retiredAt;
    imported.set(kid, { stored, privateKey });
  });
  const active = [...imported.values()].filter((key) => key.stored.status === 'active');
  if (active.length !== 1) fail(`exactly one key must be active, found ${active.length}`);
  return imported;
}
