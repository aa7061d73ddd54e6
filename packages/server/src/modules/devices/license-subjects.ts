// Which license a device credential names (SPEC §6): a product key (a serial, "business
// license not linked to an account"), or a user's seat of a plan (a digital license linked to
// the account). Outcomes are data: activation turns them into refusals, validation into codes.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { keyInvalidDetails } from '../keys/key-invalid.ts';
import { findKeyByPlaintext, type FindKeyResult } from '../keys/product-keys.ts';
import type { LicenseReference, LicenseRow } from './store.ts';

type Executor = Kysely<DB> | Tx;

export type KeyLicense = Extract<LicenseReference, { kind: 'key' }> & {
  keyLast5: string;
  /** Seats the key was sold with: the license allows devicesPerSeat × seats devices. */
  seats: number;
  /** The subscription the key was redeemed into (or added seats to): its dates are the license's. */
  subscriptionId: string;
};
export type SeatLicense = Extract<LicenseReference, { kind: 'seat' }>;
export type LicenseSubject = KeyLicense | SeatLicense;

/** Why a key names no license, in the order they are checked. */
export type KeyRefusal =
  /** Not a key at all (`malformed` with core's problem), or a well-formed key never issued. */
  | { code: 'NOT_FOUND'; malformed: Exclude<FindKeyResult, { ok: true } | { code: 'NOT_FOUND' }> | undefined }
  | { code: 'KEY_REVOKED' }
  /** Issued but not redeemed: no organization holds it, so there is no license yet. */
  | { code: 'KEY_NOT_REDEEMED' }
  /** A renewal key extends a subscription; counting it as a license would double its devices. */
  | { code: 'KEY_NOT_A_LICENSE' };

export type KeyLicenseResult = { ok: true; subject: KeyLicense } | ({ ok: false } & KeyRefusal);

export async function licenseOfKey(db: Executor, hmacKey: KeyObject, input: string): Promise<KeyLicenseResult> {
  const found = await findKeyByPlaintext(db, hmacKey, input);
  if (!found.ok) return { ok: false, code: 'NOT_FOUND', malformed: found.code === 'NOT_FOUND' ? undefined : found };
  const key = found.key;
  // A batch revocation takes back only the keys nobody redeemed (docs/decisions.md).
  if (key.state === 'revoked' || (key.state === 'unused' && key.batch.revoked_at !== null)) return { ok: false, code: 'KEY_REVOKED' };
  if (key.state !== 'redeemed' || key.subscription_id === null || key.redeemed_organization_id === null) {
    return { ok: false, code: 'KEY_NOT_REDEEMED' };
  }
  if (key.batch.kind === 'renewal') return { ok: false, code: 'KEY_NOT_A_LICENSE' };
  return {
    ok: true,
    subject: {
      kind: 'key',
      organizationId: key.redeemed_organization_id,
      planId: key.batch.plan_id,
      productKeyId: key.id,
      keyLast5: key.last5,
      seats: key.batch.seats_per_key,
      subscriptionId: key.subscription_id,
    },
  };
}

/** The refusal of an activation (or a link) by a key that names no license. */
export function keyRefusal(result: Exclude<KeyLicenseResult, { ok: true }>): DomainError {
  switch (result.code) {
    case 'NOT_FOUND': {
      const malformed = result.malformed;
      if (!malformed) return new DomainError('NOT_FOUND', { resource: 'product key' });
      return new DomainError('KEY_INVALID', keyInvalidDetails(malformed));
    }
    case 'KEY_REVOKED':
      return new DomainError('KEY_REVOKED');
    case 'KEY_NOT_REDEEMED':
      return new DomainError('KEY_NOT_REDEEMED');
    case 'KEY_NOT_A_LICENSE':
      return new DomainError('KEY_NOT_A_LICENSE');
  }
}

/**
 * The seats a user holds of any plan of a product: the candidates of a digital license. An
 * API token limits them to its own organization; a person may hold seats in several.
 */
export async function seatsOfUser(db: Executor, input: { userId: string; productId: string; organizationIds?: readonly string[] | undefined }): Promise<SeatLicense[]> {
  let query = db
    .selectFrom('seat_assignments')
    .innerJoin('plans', 'plans.id', 'seat_assignments.plan_id')
    .select(['seat_assignments.organization_id', 'seat_assignments.plan_id'])
    .where('seat_assignments.user_id', '=', input.userId)
    .where('plans.product_id', '=', input.productId)
    .orderBy('seat_assignments.organization_id')
    .orderBy('seat_assignments.plan_id');
  if (input.organizationIds) {
    if (input.organizationIds.length === 0) return [];
    query = query.where('seat_assignments.organization_id', 'in', input.organizationIds);
  }
  const rows = await query.execute();
  return rows.map((row) => ({ kind: 'seat', organizationId: row.organization_id, planId: row.plan_id, userId: input.userId }));
}

/**
 * The product keys a user linked to their account (digital licenses, SPEC §6) of any plan of a
 * product: candidates of an activation with the account, beside the user's seats.
 */
export async function linkedKeysOfUser(db: Executor, input: { userId: string; productId: string; organizationIds?: readonly string[] | undefined }): Promise<KeyLicense[]> {
  if (input.organizationIds?.length === 0) return [];
  let query = db
    .selectFrom('licenses')
    .innerJoin('product_keys', 'product_keys.id', 'licenses.product_key_id')
    .innerJoin('key_batches', 'key_batches.id', 'product_keys.batch_id')
    .innerJoin('plans', 'plans.id', 'licenses.plan_id')
    .select(['licenses.organization_id', 'licenses.plan_id', 'product_keys.id as product_key_id', 'product_keys.last5', 'product_keys.subscription_id', 'key_batches.seats_per_key'])
    .where('licenses.linked_user_id', '=', input.userId)
    .where('plans.product_id', '=', input.productId)
    .orderBy('licenses.organization_id')
    .orderBy('licenses.id');
  if (input.organizationIds) query = query.where('licenses.organization_id', 'in', input.organizationIds);
  const rows = await query.execute();
  return rows.map((row) => ({
    kind: 'key',
    organizationId: row.organization_id,
    planId: row.plan_id,
    productKeyId: row.product_key_id,
    keyLast5: row.last5,
    seats: row.seats_per_key,
    subscriptionId: row.subscription_id!,
  }));
}

/** The subject of an existing license row (a device token leads to its license row). */
export async function subjectOfLicense(db: Executor, license: LicenseRow): Promise<LicenseSubject> {
  if (license.kind === 'seat') {
    return { kind: 'seat', organizationId: license.organization_id, planId: license.plan_id, userId: license.user_id! };
  }
  const key = await db
    .selectFrom('product_keys')
    .innerJoin('key_batches', 'key_batches.id', 'product_keys.batch_id')
    .select(['product_keys.id', 'product_keys.last5', 'product_keys.subscription_id', 'key_batches.seats_per_key'])
    .where('product_keys.id', '=', license.product_key_id!)
    .executeTakeFirstOrThrow();
  if (key.subscription_id === null) throw new Error(`license ${license.id}: its key ${key.id} is not a redeemed key`);
  return {
    kind: 'key',
    organizationId: license.organization_id,
    planId: license.plan_id,
    productKeyId: key.id,
    keyLast5: key.last5,
    seats: key.seats_per_key,
    subscriptionId: key.subscription_id,
  };
}
