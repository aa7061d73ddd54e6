// A cached JWKS, so license files verify offline and the server is not asked on every check.
//
// - Fresh for `maxAgeMs` (default 24 h), then refetched on next use.
// - A kid the cached set lacks (the server rotated) triggers a refetch, at most once per
//   `unknownKidRefetchIntervalMs` (default 5 min): a stream of files with made-up kids must
//   not turn into a stream of requests to the vendor's server.
// - A failed fetch falls back to the cached set however old: public keys do not become unsafe
//   with age, and refusing to verify because the network is down would defeat offline use.
//   With nothing cached at all, the failure is JWKS_UNAVAILABLE.
// - With `storage`, the last good set survives restarts, so an app that starts offline can
//   still verify its file.
// The SDK does not know the server's routes; the app passes `fetch`, which returns the parsed
// JSON of the published JWKS.
import type { JSONWebKeySet } from 'jose';
import { LicenseFileError } from './errors.ts';
import { normalizeJwks } from './jwks.ts';
import type { JwksSource } from './jwks.ts';
import type { LicenseStorage } from './storage.ts';

export const DEFAULT_JWKS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_UNKNOWN_KID_REFETCH_INTERVAL_MS = 5 * 60 * 1000;
const STORAGE_KEY = 'licentia.jwks';

export interface JwksCacheOptions {
  fetch: () => Promise<unknown>;
  storage?: LicenseStorage;
  maxAgeMs?: number;
  unknownKidRefetchIntervalMs?: number;
  /** Milliseconds since the epoch; tests pass their own. */
  clock?: () => number;
}

interface Entry {
  keySet: JSONWebKeySet;
  fetchedAt: number;
}

export class JwksCache implements JwksSource {
  readonly #fetch: () => Promise<unknown>;
  readonly #storage: LicenseStorage | undefined;
  readonly #maxAgeMs: number;
  readonly #refetchIntervalMs: number;
  readonly #clock: () => number;
  #entry: Entry | undefined;
  #loadedFromStorage = false;
  #lastUnknownKidFetch: number | undefined;
  #inFlight: Promise<JSONWebKeySet> | undefined;

  constructor(options: JwksCacheOptions) {
    this.#fetch = options.fetch;
    this.#storage = options.storage;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS;
    this.#refetchIntervalMs = options.unknownKidRefetchIntervalMs ?? DEFAULT_UNKNOWN_KID_REFETCH_INTERVAL_MS;
    this.#clock = options.clock ?? Date.now;
  }

  /** The cached set when fresh; otherwise a refetch (falling back to the stale set). */
  async keySet(): Promise<JSONWebKeySet> {
    const entry = await this.#cached();
    if (entry && this.#clock() - entry.fetchedAt < this.#maxAgeMs && this.#clock() >= entry.fetchedAt) {
      return entry.keySet;
    }
    return this.#refetch();
  }

  async keySetFor(kid: string): Promise<JSONWebKeySet> {
    const keySet = await this.keySet();
    if (keySet.keys.some((key) => key.kid === kid)) return keySet;
    const now = this.#clock();
    if (this.#lastUnknownKidFetch !== undefined && Math.abs(now - this.#lastUnknownKidFetch) < this.#refetchIntervalMs) {
      return keySet;
    }
    this.#lastUnknownKidFetch = now;
    return this.#refetch();
  }

  /** Fetches now; concurrent callers share one request. */
  refresh(): Promise<JSONWebKeySet> {
    return this.#refetch();
  }

  #refetch(): Promise<JSONWebKeySet> {
    this.#inFlight ??= this.#doFetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #doFetch(): Promise<JSONWebKeySet> {
    let keySet: JSONWebKeySet;
    try {
      keySet = normalizeJwks(await this.#fetch());
    } catch (cause) {
      const stale = await this.#cached();
      if (stale) return stale.keySet;
      throw new LicenseFileError('JWKS_UNAVAILABLE', 'the key set could not be fetched and none is cached', { cause });
    }
    const entry = { keySet, fetchedAt: this.#clock() };
    this.#entry = entry;
    if (this.#storage) await this.#storage.set(STORAGE_KEY, JSON.stringify(entry));
    return keySet;
  }

  async #cached(): Promise<Entry | undefined> {
    if (!this.#entry && !this.#loadedFromStorage && this.#storage) {
      this.#loadedFromStorage = true;
      const stored = await this.#storage.get(STORAGE_KEY);
      if (stored !== undefined) {
        try {
          const parsed = JSON.parse(stored) as { keySet?: unknown; fetchedAt?: unknown };
          if (typeof parsed.fetchedAt === 'number') {
            this.#entry = { keySet: normalizeJwks(parsed.keySet), fetchedAt: parsed.fetchedAt };
          }
        } catch {
          // A damaged cache is no cache: the next fetch replaces it.
        }
      }
    }
    return this.#entry;
  }
}
