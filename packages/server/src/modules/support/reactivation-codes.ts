// Reactivation codes (SPEC §6): one-time, expiring, bound to one license and one support case,
// kept only as an HMAC-SHA256 under a server secret (a dump of the database cannot confirm a
// guessed code). An agent issues one when approving a case; the app redeems it in the activation
// that moves the license to the repaired machine, in that activation's transaction.
import { createHmac, type KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { generateReactivationCode, parseReactivationCode } from '@licentia/core/repairs';
import { toStoredInstant } from '../../clock.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { hitRateLimit, type RateLimit } from '../../limits/rate-limiter.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { enqueueEvent } from '../outbox/outbox.ts';

export type ReactivationCodeRow = {
  organization_id: string;
  id: string;
  case_id: string;
  license_id: string;
  state: string;
  expires_at: string;
  device_id: string | null;
};

/** A code as the app sent it: its HMAC, or nothing usable (not even shaped like a code). */
export type PresentedCode = { wellFormed: true; hash: string } | { wellFormed: false };

export function hashReactivationCode(hmacKey: KeyObject, canonical: string): string {
  return createHmac('sha256', hmacKey).update(canonical).digest('base64url');
}

export function presentCode(hmacKey: KeyObject, typed: string): PresentedCode {
  const parsed = parseReactivationCode(typed);
  return parsed.ok ? { wellFormed: true, hash: hashReactivationCode(hmacKey, parsed.code) } : { wellFormed: false };
}

/**
 * A refused code. Thrown inside the activation's transaction (which rolls back); the route then
 * counts the failure against the license and the client address in a transaction of its own.
 */
export class ReactivationCodeRefused extends DomainError {
  readonly organizationId: string;
  readonly licenseId: string;

  constructor(code: 'REACTIVATION_CODE_INVALID' | 'REACTIVATION_CODE_EXPIRED' | 'REACTIVATION_CODE_USED', license: { organization_id: string; id: string }, details: Record<string, unknown> = {}) {
    super(code, details);
    this.organizationId = license.organization_id;
    this.licenseId = license.id;
  }
}

/**
 * The live code for this license, or a refusal. A code of another license (or another tenant) is
 * as unknown as a code never issued: the answer must not tell a guesser that it exists.
 */
export async function verifyReactivationCode(tx: Tx, license: { organization_id: string; id: string }, presented: PresentedCode, now: Temporal.Instant): Promise<ReactivationCodeRow> {
  const row = presented.wellFormed
    ? await tx
        .selectFrom('reactivation_codes')
        .innerJoin('support_cases', (join) => join.onRef('support_cases.organization_id', '=', 'reactivation_codes.organization_id').onRef('support_cases.id', '=', 'reactivation_codes.case_id'))
        .select(['reactivation_codes.organization_id', 'reactivation_codes.id', 'reactivation_codes.case_id', 'reactivation_codes.license_id', 'reactivation_codes.state', 'reactivation_codes.expires_at', 'support_cases.device_id'])
        .where('reactivation_codes.code_hash', '=', presented.hash)
        .executeTakeFirst()
    : undefined;
  if (!row || row.organization_id !== license.organization_id || row.license_id !== license.id || row.state === 'revoked') {
    throw new ReactivationCodeRefused('REACTIVATION_CODE_INVALID', license);
  }
  if (row.state === 'redeemed') throw new ReactivationCodeRefused('REACTIVATION_CODE_USED', license);
  if (row.expires_at <= toStoredInstant(now)) throw new ReactivationCodeRefused('REACTIVATION_CODE_EXPIRED', license, { expiredAt: row.expires_at });
  return row;
}

/**
 * Counts a refused code against its license and the client address, and audits it. The limit
 * (checked before each attempt) also bounds how many of these rows a guesser can write.
 */
export async function recordCodeRefusal(tx: Tx, audit: AuditContext, refusal: ReactivationCodeRefused, rules: ReadonlyArray<{ rule: RateLimit; subject: string }>): Promise<void> {
  for (const { rule, subject } of rules) await hitRateLimit(tx, rule, subject, audit.now);
  await recordAudit(tx, audit, {
    organizationId: refusal.organizationId,
    action: 'reactivation_code.refused',
    target: { type: 'license', id: refusal.licenseId },
    data: { code: refusal.code },
  });
}

/**
 * Spends the code on the device it activated, and resolves its case. The conditional update is
 * the guard: of two activations racing with one code (they queue on the license's lock), the
 * second finds it redeemed.
 */
export async function redeemReactivationCode(tx: Tx, audit: AuditContext, code: ReactivationCodeRow, deviceId: string): Promise<void> {
  const at = toStoredInstant(audit.now);
  const spent = await tx
    .updateTable('reactivation_codes')
    .set({ state: 'redeemed', redeemed_at: at, redeemed_device_id: deviceId })
    .where('organization_id', '=', code.organization_id)
    .where('id', '=', code.id)
    .where('state', '=', 'issued')
    .executeTakeFirst();
  if (spent.numUpdatedRows === 0n) throw new ReactivationCodeRefused('REACTIVATION_CODE_USED', { organization_id: code.organization_id, id: code.license_id });
  await tx
    .updateTable('support_cases')
    .set({ state: 'resolved', resolved_at: at, updated_at: at })
    .where('organization_id', '=', code.organization_id)
    .where('id', '=', code.case_id)
    .where('state', '=', 'approved')
    .execute();
  await recordAudit(tx, audit, {
    organizationId: code.organization_id,
    action: 'reactivation_code.redeemed',
    target: { type: 'support_case', id: code.case_id },
    data: { codeId: code.id, licenseId: code.license_id, deviceId },
  });
  await enqueueEvent(tx, audit.now, { organizationId: code.organization_id, type: 'support_case.resolved', payload: { caseId: code.case_id, licenseId: code.license_id, deviceId } });
}

/** Revokes the case's live code, if it has one (a new code replaces it, or the case ended); returns the ids revoked. */
export async function revokeLiveCode(tx: Tx, organizationId: string, caseId: string): Promise<string[]> {
  const rows = await tx
    .updateTable('reactivation_codes')
    .set({ state: 'revoked' })
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('state', '=', 'issued')
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Issues a new code for the case and returns it, once, in plaintext. A code still live for the
 * case is revoked first: one case, one usable code (and a partial unique index says so).
 */
export async function issueReactivationCode(
  tx: Tx,
  audit: AuditContext,
  hmacKey: KeyObject,
  input: { organizationId: string; caseId: string; licenseId: string; ttlHours: number },
): Promise<{ id: string; code: string; expiresAt: string }> {
  const revoked = await revokeLiveCode(tx, input.organizationId, input.caseId);
  const code = generateReactivationCode();
  const id = newId('rac', audit.now);
  const expiresAt = toStoredInstant(audit.now.add({ hours: input.ttlHours }));
  await tx
    .insertInto('reactivation_codes')
    .values({
      organization_id: input.organizationId,
      id,
      case_id: input.caseId,
      license_id: input.licenseId,
      code_hash: hashReactivationCode(hmacKey, code),
      state: 'issued',
      expires_at: expiresAt,
      issued_at: toStoredInstant(audit.now),
      redeemed_at: null,
      redeemed_device_id: null,
    })
    .execute();
  await recordAudit(tx, audit, {
    organizationId: input.organizationId,
    action: 'reactivation_code.issued',
    target: { type: 'support_case', id: input.caseId },
    data: { codeId: id, licenseId: input.licenseId, expiresAt, revokedCodeIds: revoked },
  });
  return { id, code, expiresAt };
}

/** The expiry of the case's live code, if it has one that has not expired (for the advisor). */
export async function liveCodeExpiry(db: Kysely<DB> | Tx, organizationId: string, caseId: string, now: Temporal.Instant): Promise<string | undefined> {
  const row = await db
    .selectFrom('reactivation_codes')
    .select('expires_at')
    .where('organization_id', '=', organizationId)
    .where('case_id', '=', caseId)
    .where('state', '=', 'issued')
    .where('expires_at', '>', toStoredInstant(now))
    .executeTakeFirst();
  return row?.expires_at;
}
