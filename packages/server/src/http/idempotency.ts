// Idempotency-Key on POST (SPEC §10), in three steps:
// 1. claim: before the handler runs, a committed "in flight" row marks the key as taken, so a
//    concurrent request with the same key is told 409 while the first runs;
// 2. complete: the handler stores its response in the SAME transaction as its effect, so the
//    effect and its replayable result commit together or not at all;
// 3. replay: later requests with the key get the stored bytes back for 24 hours.
// A process that dies mid-request leaves an "in flight" row whose lock lapses; its effect did
// not commit (the result would have committed with it), so the key may run again.
// Stored responses are sealed (AES-GCM): they may carry a secret shown only once.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import type { Tx } from '../db/transaction.ts';
import { DomainError } from '../errors/domain-error.ts';
import { seal, unseal } from '../security/seal.ts';

export const IDEMPOTENCY_RETENTION_HOURS = 24;
/** How long a claim protects a running request before it counts as abandoned. */
export const IDEMPOTENCY_LOCK_SECONDS = 60;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyClaim {
  scope: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
}

export type ClaimOutcome = { kind: 'proceed'; claim: IdempotencyClaim } | { kind: 'replay'; response: StoredResponse };

export function validateIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new DomainError('IDEMPOTENCY_KEY_INVALID');
}

/** Same method, path and body (whatever its key order) → same fingerprint. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${stableStringify(body ?? null)}`).digest('base64url');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export class IdempotencyStore {
  readonly #db: Kysely<DB>;
  readonly #sealKey: Buffer;

  constructor(db: Kysely<DB>, sealKey: Buffer) {
    this.#db = db;
    this.#sealKey = sealKey;
  }

  async claim(scope: string, key: string, fingerprint: string, now: Temporal.Instant): Promise<ClaimOutcome> {
    const nowStored = toStoredInstant(now);
    const lockedUntil = toStoredInstant(now.add({ seconds: IDEMPOTENCY_LOCK_SECONDS }));
    // An expired record is as good as none.
    await this.#db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('expires_at', '<=', nowStored)
      .execute();
    const inserted = await this.#db
      .insertInto('idempotency_keys')
      .values({
        scope,
        key,
        request_fingerprint: fingerprint,
        state: 'in_flight',
        locked_until: lockedUntil,
        response: null,
        created_at: nowStored,
        expires_at: toStoredInstant(now.add({ hours: IDEMPOTENCY_RETENTION_HOURS })),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning(['key'])
      .executeTakeFirst();
    if (inserted) return { kind: 'proceed', claim: { scope, key } };

    const existing = await this.#db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    // Gone between the insert and the select: it expired just now. The client may retry.
    if (!existing) throw new DomainError('IDEMPOTENCY_KEY_IN_USE');
    if (existing.request_fingerprint !== fingerprint) throw new DomainError('IDEMPOTENCY_KEY_REUSED');
    if (existing.state === 'completed' && existing.response) {
      return { kind: 'replay', response: JSON.parse(unseal(this.#sealKey, existing.response)) as StoredResponse };
    }
    if (existing.locked_until > nowStored) throw new DomainError('IDEMPOTENCY_KEY_IN_USE');
    // The first request was abandoned (its process died): take the claim over, atomically.
    const takenOver = await this.#db
      .updateTable('idempotency_keys')
      .set({ locked_until: lockedUntil })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('state', '=', 'in_flight')
      .where('locked_until', '=', existing.locked_until)
      .executeTakeFirst();
    if (takenOver.numUpdatedRows === 0n) throw new DomainError('IDEMPOTENCY_KEY_IN_USE');
    return { kind: 'proceed', claim: { scope, key } };
  }

  /** Stores the result; pass the effect's transaction so both commit together. */
  async complete(executor: Tx | Kysely<DB>, claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
    await executor
      .updateTable('idempotency_keys')
      .set({ state: 'completed', response: seal(this.#sealKey, JSON.stringify(response)) })
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .where('state', '=', 'in_flight')
      .execute();
  }

  /** Gives the key back after a transient failure, so the client's retry runs for real. */
  async release(claim: IdempotencyClaim): Promise<void> {
    await this.#db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .where('state', '=', 'in_flight')
      .execute();
  }

  async deleteExpired(now: Temporal.Instant): Promise<number> {
    const result = await this.#db.deleteFrom('idempotency_keys').where('expires_at', '<=', toStoredInstant(now)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
