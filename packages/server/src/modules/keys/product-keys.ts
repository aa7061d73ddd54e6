// Single product keys, found by what a person typed: the support desk's lookup, revoking one
// key, and `findKeyByPlaintext`, which redemption uses to turn an entered key into its row.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseKey } from '@licentia/core/keys';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { findVendorOrganizationId } from '../organizations/store.ts';
import { keyInvalidDetails } from './key-invalid.ts';
import { hashProductKey } from './material.ts';
import type { KeyKind, KeyState, ProductKey } from './schemas.ts';
import type { KeyChangeContext } from './service.ts';
import { findProductKeyByHash, revokeUnusedKey, type KeyBatchInfoRow, type ProductKeyRow } from './store.ts';

export { hashProductKey } from './material.ts';

/** A stored key with its batch (the batch without its sealed CSV). */
export type FoundProductKey = ProductKeyRow & { batch: KeyBatchInfoRow };

export type FindKeyResult =
  | { ok: true; key: FoundProductKey }
  | { ok: false; code: 'WRONG_LENGTH'; length: number; expected: number }
  | { ok: false; code: 'BAD_CHARACTERS'; positions: readonly number[]; characters: readonly string[] }
  | { ok: false; code: 'CHECK_FAILED' }
  | { ok: false; code: 'NOT_FOUND' };

/**
 * Normalizes and checks what a person entered (parseKey: NFKC, case, separators, check
 * characters), then finds the key by its keyed hash. Never throws for bad input: every outcome
 * is data, so callers choose their own refusal (redemption maps them all to KEY_INVALID).
 * `hmacKey` is the 'product-key-hmac' secret (a Buffer, or productKeyHmacKey() of it).
 */
export async function findKeyByPlaintext(db: Kysely<DB> | Tx, hmacKey: Buffer | KeyObject, input: string): Promise<FindKeyResult> {
  const parsed = parseKey(input);
  if (!parsed.ok) {
    switch (parsed.code) {
      case 'WRONG_LENGTH':
        return { ok: false, code: parsed.code, length: parsed.length, expected: parsed.expected };
      case 'BAD_CHARACTERS':
        return { ok: false, code: parsed.code, positions: parsed.positions, characters: parsed.characters };
      case 'CHECK_FAILED':
        return { ok: false, code: parsed.code };
    }
  }
  const key = await findProductKeyByHash(db, hashProductKey(hmacKey, parsed.key));
  return key ? { ok: true, key } : { ok: false, code: 'NOT_FOUND' };
}

/** The refusal of input that is not a key, naming what is wrong (and where) for the UI. */
function keyInvalid(result: Exclude<FindKeyResult, { ok: true } | { code: 'NOT_FOUND' }>): DomainError {
  return new DomainError('KEY_INVALID', keyInvalidDetails(result));
}

async function findOrRefuse(db: Kysely<DB> | Tx, hmacKey: KeyObject, input: string): Promise<FoundProductKey> {
  const result = await findKeyByPlaintext(db, hmacKey, input);
  if (result.ok) return result.key;
  if (result.code === 'NOT_FOUND') throw new DomainError('NOT_FOUND', { resource: 'product key' });
  throw keyInvalid(result);
}

export function toProductKey(key: FoundProductKey): ProductKey {
  return {
    id: key.id,
    last5: key.last5,
    state: key.state as KeyState,
    batch: {
      id: key.batch.id,
      planId: key.batch.plan_id,
      kind: key.batch.kind as KeyKind,
      seatsPerKey: key.batch.seats_per_key,
      redeemBy: key.batch.redeem_by,
      partnerOrganizationId: key.batch.partner_organization_id,
    },
    redeemedAt: key.redeemed_at,
    redeemedOrganizationId: key.redeemed_organization_id,
    subscriptionId: key.subscription_id,
    revokedAt: key.revoked_at,
  };
}

/** The support desk's view of a key: its state, its batch, and where it was redeemed. */
export async function lookupProductKey(db: Kysely<DB>, hmacKey: KeyObject, input: string): Promise<ProductKey> {
  return toProductKey(await findOrRefuse(db, hmacKey, input));
}

/** Revokes one unused key. Revoking a revoked key is a no-op; a redeemed key cannot be revoked. */
export async function revokeProductKey(context: KeyChangeContext, hmacKey: KeyObject, input: string): Promise<ProductKey> {
  const { tx, audit } = context;
  const key = await findOrRefuse(tx, hmacKey, input);
  const revokedAt = toStoredInstant(audit.now);
  if (key.state !== 'unused' || !(await revokeUnusedKey(tx, key.id, revokedAt))) {
    // Not unused, or no longer: a redemption or revocation committed after our read (PostgreSQL).
    const current = key.state === 'unused' ? ((await findProductKeyByHash(tx, key.key_hash)) ?? key) : key;
    if (current.state === 'revoked') return toProductKey(current);
    throw new DomainError('PRODUCT_KEY_ALREADY_REDEEMED', { redeemedAt: current.redeemed_at });
  }
  const vendorId = await findVendorOrganizationId(tx);
  if (!vendorId) throw new Error('there is no vendor organization yet');
  await recordAudit(tx, audit, {
    organizationId: vendorId,
    action: 'product_key.revoked',
    // The last five only: a plaintext key never enters the audit log.
    target: { type: 'product_key', id: key.id },
    data: { batchId: key.batch_id, last5: key.last5 },
  });
  return toProductKey({ ...key, state: 'revoked', revoked_at: revokedAt });
}
