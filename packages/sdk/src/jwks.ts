// Turning a published JWKS into key lookups.
//
// The SDK keeps only what it can use: Ed25519 signature keys, public members only, the first
// key for each kid. Filtering here (instead of leaving it all to jose) is what lets "no key
// with this kid" be told apart from "a key, but the signature is wrong": the first is
// UNKNOWN_KEY (rotation: refetch the set), the second SIGNATURE_INVALID (tampering).
import { createLocalJWKSet } from 'jose';
import type { JSONWebKeySet, JWK } from 'jose';
import { LicenseFileError } from './errors.ts';

/** Something that can produce the key set to check a given kid against (e.g. `JwksCache`). */
export interface JwksSource {
  keySetFor(kid: string): Promise<JSONWebKeySet>;
}

/** A key set held by the app (bundled, or fetched by its own code), or a source such as `JwksCache`. */
export type JwksInput = JSONWebKeySet | JwksSource;

export class JwksFormatError extends Error {
  override name = 'JwksFormatError';
}

export function isJwksSource(value: JwksInput): value is JwksSource {
  return typeof (value as Partial<JwksSource>).keySetFor === 'function';
}

export function resolveKeySet(input: JwksInput, kid: string): Promise<JSONWebKeySet> {
  return isJwksSource(input) ? input.keySetFor(kid) : Promise.resolve(input);
}

/**
 * The usable keys of a JWKS document. Throws `JwksFormatError` when the document is not a JWKS
 * at all; silently drops members that are not Ed25519 signature keys (a set may also carry
 * keys for other purposes).
 */
export function normalizeJwks(document: unknown): JSONWebKeySet {
  if (typeof document !== 'object' || document === null || !Array.isArray((document as { keys?: unknown }).keys)) {
    throw new JwksFormatError('not a JWKS: expected {"keys":[...]}');
  }
  const keys: JWK[] = [];
  const seen = new Set<string>();
  for (const candidate of (document as { keys: unknown[] }).keys) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { kty, crv, x, kid, alg, use } = candidate as Record<string, unknown>;
    if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || typeof kid !== 'string' || kid === '') continue;
    if (alg !== undefined && alg !== 'EdDSA') continue;
    if (use !== undefined && use !== 'sig') continue;
    if (seen.has(kid)) continue;
    seen.add(kid);
    keys.push({ kty, crv, x, kid, alg: 'EdDSA', use: 'sig' });
  }
  return { keys };
}

export interface KeyResolver {
  kids: ReadonlySet<string>;
  resolve: ReturnType<typeof createLocalJWKSet>;
}

// One resolver per key-set object: createLocalJWKSet caches imported keys inside itself, so
// reusing it avoids re-importing the key for every verification. Sets are treated as
// immutable; a cache that refetches hands out a new object.
const resolvers = new WeakMap<JSONWebKeySet, KeyResolver>();

export function keyResolverFor(keySet: JSONWebKeySet): KeyResolver {
  let resolver = resolvers.get(keySet);
  if (!resolver) {
    let normalized: JSONWebKeySet;
    try {
      normalized = normalizeJwks(keySet);
    } catch (cause) {
      throw new LicenseFileError('JWKS_UNAVAILABLE', 'the key set is not a JWKS', { cause });
    }
    resolver = {
      kids: new Set(normalized.keys.map((key) => key.kid).filter((kid): kid is string => kid !== undefined)),
      resolve: createLocalJWKSet(normalized),
    };
    resolvers.set(keySet, resolver);
  }
  return resolver;
}
