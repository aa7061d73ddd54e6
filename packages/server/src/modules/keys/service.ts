// Key batches (SPEC §2): vendor staff make N keys of a plan at once, optionally for a partner.
// The plaintext leaves in the creation response and in a one-time CSV, sealed until its one
// download; the database keeps only keyed hashes and last fives. A batch is all or nothing:
// every check, the batch row, all its keys, the sealed CSV and the audit row share one
// transaction.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { localDate, startOfLocalDay } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { seal, unseal } from '../../security/seal.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { findVendorOrganizationId, getOrganization } from '../organizations/store.ts';
import { keyBatchCsv } from './csv.ts';
import { makeKeyMaterial, pooledRandom, type KeyMaterial } from './material.ts';
import { MAX_BATCH_QUANTITY, type CreateKeyBatchInput, type KeyBatch, type KeyBatchDetail, type KeyCounts, type KeyKind } from './schemas.ts';
import {
  clearSealedCsv,
  countKeysByState,
  getKeyBatch,
  getPlanForBatch,
  getSealedCsv,
  insertKeyBatch,
  insertProductKeys,
  markBatchRevoked,
  revokeUnusedKeysOfBatch,
  setSealedCsv,
  type KeyBatchInfoRow,
} from './store.ts';

export interface KeyChangeContext {
  tx: Tx;
  dialect: DialectName;
  audit: AuditContext;
}

/** The two secrets of key batches: the lookup HMAC key and the key that seals the CSV. */
export interface KeyBatchSecrets {
  hmacKey: KeyObject;
  sealKey: Buffer;
}

/** Rounds of replacing keys whose hash another batch already holds before giving up. */
const MAX_REPLACEMENT_ROUNDS = 3;
const CIVIL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function toKeyBatch(row: KeyBatchInfoRow): KeyBatch {
  return {
    id: row.id,
    planId: row.plan_id,
    kind: row.kind as KeyKind,
    seatsPerKey: row.seats_per_key,
    quantity: row.quantity,
    redeemBy: row.redeem_by,
    redeemableUntil: row.redeemable_until,
    partnerOrganizationId: row.partner_organization_id,
    label: row.label,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    // The CSV is sealed at creation and cleared only by its download, which records when.
    csvAvailable: row.csv_downloaded_at === null,
    csvDownloadedAt: row.csv_downloaded_at,
  };
}

export function toKeyBatchDetail(row: KeyBatchInfoRow, counts: KeyCounts): KeyBatchDetail {
  return { ...toKeyBatch(row), counts };
}

function createdBy(audit: AuditContext): string | null {
  const principal = audit.principal;
  return principal.kind === 'user' ? principal.userId : principal.kind === 'token' ? principal.tokenId : null;
}

async function vendorOrganization(tx: Tx) {
  const id = await findVendorOrganizationId(tx);
  const organization = id === undefined ? undefined : await getOrganization(tx, id);
  // Only before the first start is there no vendor organization, and then nobody is signed in.
  if (!organization) throw new Error('there is no vendor organization yet');
  return organization;
}

function parseRedeemBy(redeemBy: string): Temporal.PlainDate {
  if (CIVIL_DATE.test(redeemBy)) {
    try {
      return Temporal.PlainDate.from(redeemBy, { overflow: 'reject' });
    } catch {
      // Falls through to the refusal below (e.g. 2027-02-30).
    }
  }
  throw new DomainError('VALIDATION_FAILED', { summary: `redeemBy "${redeemBy}" is not a date (YYYY-MM-DD)` });
}

/**
 * Makes the keys of a batch: the CPU work (random keys, HMACs, ids) that must not run inside
 * the transaction, where on SQLite it would hold the process's only connection.
 */
export function prepareKeyMaterial(quantity: number, hmacKey: KeyObject, now: Temporal.Instant): KeyMaterial {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_BATCH_QUANTITY) {
    throw new DomainError('VALIDATION_FAILED', { summary: `quantity must be an integer from 1 to ${MAX_BATCH_QUANTITY}` });
  }
  return makeKeyMaterial(quantity, hmacKey, now);
}

/**
 * Checks, in this order: the plan exists and is active; the kind suits the plan's category;
 * the seats fit the plan; the redeem-by day has not passed in the vendor's time zone; the
 * partner is a partner organization. Then stores the batch with `material`'s keys.
 */
export async function createKeyBatch(
  context: KeyChangeContext,
  secrets: KeyBatchSecrets,
  input: CreateKeyBatchInput,
  material: KeyMaterial,
): Promise<{ row: KeyBatchInfoRow; keys: string[] }> {
  const { tx, audit } = context;
  if (material.keys.length !== input.quantity) throw new Error(`prepared ${material.keys.length} keys for a batch of ${input.quantity}`);
  if (!Number.isInteger(input.seatsPerKey) || input.seatsPerKey < 1) {
    throw new DomainError('VALIDATION_FAILED', { summary: 'seatsPerKey must be a positive integer' });
  }
  const plan = await getPlanForBatch(tx, input.planId);
  if (!plan || plan.active !== 1) throw new DomainError('KEY_BATCH_PLAN_UNAVAILABLE', { planId: input.planId });
  if ((input.kind === 'trial') !== (plan.category === 'trial')) {
    throw new DomainError('KEY_BATCH_KIND_NOT_FOR_PLAN', { kind: input.kind, category: plan.category });
  }
  if (input.seatsPerKey > plan.max_seats_per_subscription) {
    throw new DomainError('KEY_BATCH_SEATS_EXCEED_PLAN', { seatsPerKey: input.seatsPerKey, maximum: plan.max_seats_per_subscription });
  }
  const vendor = await vendorOrganization(tx);
  const redeemBy = parseRedeemBy(input.redeemBy);
  const today = localDate(audit.now, vendor.time_zone);
  if (Temporal.PlainDate.compare(redeemBy, today) < 0) {
    throw new DomainError('KEY_BATCH_REDEEM_BY_PAST', { redeemBy: input.redeemBy, today: today.toString(), timeZone: vendor.time_zone });
  }
  const partnerId = input.partnerOrganizationId ?? null;
  if (partnerId !== null && (await getOrganization(tx, partnerId))?.kind !== 'partner') {
    throw new DomainError('KEY_BATCH_PARTNER_INVALID', { partnerOrganizationId: partnerId });
  }

  const csvFields = { planSku: plan.sku, kind: input.kind, seatsPerKey: input.seatsPerKey, redeemBy: redeemBy.toString() };
  const row: KeyBatchInfoRow = {
    id: newId('kbt', audit.now),
    plan_id: plan.id,
    kind: input.kind,
    seats_per_key: input.seatsPerKey,
    quantity: input.quantity,
    redeem_by: redeemBy.toString(),
    // The instant the redeem-by day ends there: the start of the next day (DST-aware).
    redeemable_until: toStoredInstant(startOfLocalDay(redeemBy.add({ days: 1 }), vendor.time_zone)),
    partner_organization_id: partnerId,
    label: input.label ?? null,
    created_by: createdBy(audit),
    created_at: toStoredInstant(audit.now),
    revoked_at: null,
    csv_downloaded_at: null,
  };
  await insertKeyBatch(tx, { ...row, sealed_csv: seal(secrets.sealKey, keyBatchCsv(material, csvFields)) });
  if (await insertKeys(context, secrets.hmacKey, row.id, material)) {
    await setSealedCsv(tx, row.id, seal(secrets.sealKey, keyBatchCsv(material, csvFields)));
  }
  await recordAudit(tx, audit, {
    organizationId: vendor.id,
    action: 'key_batch.created',
    target: { type: 'key_batch', id: row.id },
    data: {
      planId: row.plan_id,
      kind: row.kind,
      quantity: row.quantity,
      seatsPerKey: row.seats_per_key,
      redeemBy: row.redeem_by,
      partnerOrganizationId: partnerId,
      label: row.label,
    },
  });
  return { row, keys: material.keys };
}

/**
 * Inserts the batch's keys. A key whose hash is already stored (100 random bits: practically
 * never) is replaced in `material` by a fresh one, in place, so the response and the CSV show
 * exactly the stored keys. Returns whether any key was replaced.
 */
async function insertKeys(context: KeyChangeContext, hmacKey: KeyObject, batchId: string, material: KeyMaterial): Promise<boolean> {
  // Built only when a key collided (practically never): 100,000 map entries cost ~60 ms.
  let indexOf: Map<string, number> | undefined;
  let pending = material.ids.map((id, i) => ({ id, keyHash: material.hashes[i]!, last5: material.last5[i]! }));
  const random = pooledRandom();
  for (let round = 0; ; round++) {
    const rejected = await insertProductKeys(context.tx, context.dialect, batchId, pending);
    if (rejected.length === 0) return round > 0;
    if (round === MAX_REPLACEMENT_ROUNDS) throw new Error(`${rejected.length} product keys kept colliding with existing ones; is the random source broken?`);
    const fresh = makeKeyMaterial(rejected.length, hmacKey, context.audit.now, random);
    indexOf ??= new Map(material.ids.map((id, index) => [id, index]));
    pending = rejected.map((key, i) => {
      const index = indexOf!.get(key.id)!;
      material.keys[index] = fresh.keys[i]!;
      material.hashes[index] = fresh.hashes[i]!;
      material.last5[index] = fresh.last5[i]!;
      return { id: key.id, keyHash: fresh.hashes[i]!, last5: fresh.last5[i]! };
    });
  }
}

/** Revokes every unused key of the batch; redeemed keys stay redeemed. Revoking again is a no-op. */
export async function revokeKeyBatch(context: KeyChangeContext, batchId: string): Promise<KeyBatchDetail> {
  const { tx, audit } = context;
  const batch = await getKeyBatch(tx, batchId);
  if (!batch) throw new DomainError('NOT_FOUND', { resource: 'key batch' });
  const revokedAt = toStoredInstant(audit.now);
  const revokedKeys = await revokeUnusedKeysOfBatch(tx, batchId, revokedAt);
  if (batch.revoked_at === null || revokedKeys > 0) {
    await markBatchRevoked(tx, batchId, revokedAt);
    await recordAudit(tx, audit, {
      organizationId: (await vendorOrganization(tx)).id,
      action: 'key_batch.revoked',
      target: { type: 'key_batch', id: batchId },
      data: { revokedKeys },
    });
  }
  const row = batch.revoked_at === null ? { ...batch, revoked_at: revokedAt } : batch;
  return toKeyBatchDetail(row, await countKeysByState(tx, batchId));
}

/** The batch's CSV without spending its one download (the CLI writes it out before it clears it). */
export async function readKeyBatchCsv(db: Kysely<DB>, sealKey: Buffer, batchId: string): Promise<string> {
  const stored = await getSealedCsv(db, batchId);
  if (!stored) throw new DomainError('NOT_FOUND', { resource: 'key batch' });
  if (stored.sealed_csv === null) throw new DomainError('KEY_BATCH_CSV_ALREADY_DOWNLOADED', { downloadedAt: stored.csv_downloaded_at });
  return unseal(sealKey, stored.sealed_csv);
}

/** The batch's CSV, once: it is cleared in the same transaction that reads it. */
export async function takeKeyBatchCsv(context: KeyChangeContext, sealKey: Buffer, batchId: string): Promise<string> {
  const { tx, audit } = context;
  const stored = await getSealedCsv(tx, batchId);
  if (!stored) throw new DomainError('NOT_FOUND', { resource: 'key batch' });
  if (stored.sealed_csv === null) throw new DomainError('KEY_BATCH_CSV_ALREADY_DOWNLOADED', { downloadedAt: stored.csv_downloaded_at });
  if (!(await clearSealedCsv(tx, batchId, toStoredInstant(audit.now)))) {
    // A concurrent download (PostgreSQL) cleared it after our read and committed first.
    throw new DomainError('KEY_BATCH_CSV_ALREADY_DOWNLOADED', { downloadedAt: (await getSealedCsv(tx, batchId))?.csv_downloaded_at });
  }
  await recordAudit(tx, audit, {
    organizationId: (await vendorOrganization(tx)).id,
    action: 'key_batch.csv_downloaded',
    target: { type: 'key_batch', id: batchId },
  });
  return unseal(sealKey, stored.sealed_csv);
}
