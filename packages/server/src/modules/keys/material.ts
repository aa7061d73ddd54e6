// The plaintext keys of a batch and what is kept of them: the keyed hash (HMAC-SHA256 with a
// server secret, so a database dump alone cannot even confirm a guessed key) and the last five
// characters. Making the keys is about half the cost of a 100,000-key batch on SQLite
// (docs/benchmarks.md), which decides two details: the HMAC key is imported once as a KeyObject
// (createHmac with a raw Buffer re-imports it on every call, six times slower), and random
// bytes come from node:crypto in 64 KiB refills rather than one getRandomValues call per key
// (twice as fast).
import { createHmac, createSecretKey, randomFillSync, type KeyObject } from 'node:crypto';
import { generateKey, type RandomSource } from '@licentia/core/keys';
import type { Temporal } from 'temporal-polyfill';
import { newId } from '../../ids.ts';

/** The HMAC key in the form that hashes fastest; pass it wherever an hmacKey is asked for. */
export function productKeyHmacKey(secret: Buffer): KeyObject {
  return createSecretKey(secret);
}

/** The stored hash of a canonical key (`XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`, as parseKey returns it). */
export function hashProductKey(hmacKey: Buffer | KeyObject, canonicalKey: string): string {
  return createHmac('sha256', hmacKey).update(canonicalKey).digest('base64url');
}

const POOL_BYTES = 64 * 1024;

/** A CSPRNG source (node:crypto) that refills a private buffer 64 KiB at a time. */
export function pooledRandom(): RandomSource {
  const pool = Buffer.alloc(POOL_BYTES);
  let position = POOL_BYTES;
  return (bytes) => {
    if (bytes.length > POOL_BYTES) {
      randomFillSync(bytes);
      return;
    }
    if (position + bytes.length > POOL_BYTES) {
      randomFillSync(pool);
      position = 0;
    }
    bytes.set(pool.subarray(position, position + bytes.length));
    position += bytes.length;
  };
}

export interface KeyMaterial {
  /** Row ids of the keys: made here too, so that all per-key work happens before the transaction. */
  ids: string[];
  /** Formatted plaintext keys, in the order they are shown and written to the CSV. */
  keys: string[];
  hashes: string[];
  last5: string[];
}

/**
 * `count` new keys with their hashes, last fives and row ids. Two equal keys among 24^22 would
 * be astonishing; the unique index on key_hash catches them when they are inserted (see
 * insertProductKeys), so no in-memory set of 100,000 hashes is kept here to look for them.
 */
export function makeKeyMaterial(count: number, hmacKey: KeyObject, now: Temporal.Instant, random: RandomSource = pooledRandom()): KeyMaterial {
  const material: KeyMaterial = { ids: new Array(count), keys: new Array(count), hashes: new Array(count), last5: new Array(count) };
  for (let i = 0; i < count; i++) {
    const key = generateKey(random);
    material.ids[i] = newId('pky', now);
    material.keys[i] = key;
    material.hashes[i] = hashProductKey(hmacKey, key);
    // generateKey's formatted key ends with its last group: the last five, without keyLast5's checks.
    material.last5[i] = key.slice(-5);
  }
  return material;
}
