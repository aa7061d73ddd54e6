// Support cases (SPEC §6): a customer (or an agent on their behalf) opens a case about a license
// and a repair, uploads the proof of purchase and, for a motherboard replacement, the repair
// completion report; an agent approves it and issues a one-time reactivation code, or rejects
// it. States:
//
//   open ──approve──▶ approved ──code redeemed by the app──▶ resolved
//     │                  │  └──approve again: a new code, the old one revoked
//     └──reject / close──┴──▶ rejected / closed   (a live code is revoked)
//
// Every step writes an audit row in the customer's log and an outbox event, in its transaction.
import type { KeyObject } from 'node:crypto';
import type { Kysely } from 'kysely';
import { changeOfRepair, type RepairKind } from '@licentia/core/repairs';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getDevice } from '../devices/store.ts';
import { oemRepairReportOnFile } from '../hardware-registry/store.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { canonicalSerial, resolveLicense, type LicenseReferenceInput } from './case-license.ts';
import { issueReactivationCode, revokeLiveCode } from './reactivation-codes.ts';
import { moveCase, proofsOfCase, takeAttachmentSlot, type AttachmentRow, type SupportCaseRow } from './store.ts';
import type { CheckedUpload } from './uploads.ts';

/** Files one case may hold: enough for receipts, reports and a retake or two. */
export const ATTACHMENTS_PER_CASE = 10;

export interface CaseChangeContext {
  tx: Tx;
  dialect: DialectName;
  audit: AuditContext;
}

async function announce(context: CaseChangeContext, supportCase: SupportCaseRow, action: string, data: Record<string, unknown>): Promise<void> {
  const { tx, audit } = context;
  await recordAudit(tx, audit, { organizationId: supportCase.organization_id, action, target: { type: 'support_case', id: supportCase.id }, data });
  await enqueueEvent(tx, audit.now, { organizationId: supportCase.organization_id, type: action, payload: { caseId: supportCase.id, licenseId: supportCase.license_id, ...data } });
}

export async function openCase(
  context: CaseChangeContext,
  input: { organizationId: string; reference: LicenseReferenceInput; repair: RepairKind; deviceId?: string | undefined; description?: string | undefined; openedBy: 'customer' | 'agent' },
): Promise<SupportCaseRow> {
  const { tx, audit } = context;
  const { license, serialNumber } = await resolveLicense(tx, input.organizationId, input.reference);
  if (input.deviceId !== undefined || changeOfRepair(input.repair) === 'board') {
    // A new board moves the license off the repaired device: the case must say which one.
    const device = input.deviceId === undefined ? undefined : await getDevice(tx, input.organizationId, input.deviceId);
    if (!device || device.license_id !== license.id || device.replaced_by_device_id !== null) throw new DomainError('SUPPORT_CASE_DEVICE_REQUIRED', { organizationId: input.organizationId });
  }
  const at = toStoredInstant(audit.now);
  const row: SupportCaseRow = {
    organization_id: input.organizationId,
    id: newId('cas', audit.now),
    license_id: license.id,
    device_id: input.deviceId ?? null,
    serial_number: serialNumber,
    repair: input.repair,
    state: 'open',
    opened_by: input.openedBy,
    description: input.description ?? null,
    attachment_count: 0,
    decision_note: null,
    decided_at: null,
    resolved_at: null,
    created_at: at,
    updated_at: at,
  };
  await tx.insertInto('support_cases').values(row).execute();
  await announce(context, row, 'support_case.opened', { repair: row.repair, deviceId: row.device_id, openedBy: row.opened_by });
  return row;
}

export interface NewAttachment {
  kind: 'proof_of_purchase' | 'repair_report';
  fileName: string;
  upload: CheckedUpload;
  receipt?: { model: string; purchaseDate: string; serialNumber: string } | undefined;
}

/** Adds a file to an open case. `supportCase` must have been read under its lock (`getCase` with `lock`). */
export async function addAttachment(context: CaseChangeContext, supportCase: SupportCaseRow, input: NewAttachment): Promise<AttachmentRow> {
  const { tx, audit } = context;
  if (supportCase.state !== 'open') throw new DomainError('SUPPORT_CASE_STATE', { state: supportCase.state, reason: 'UPLOAD' });
  if (input.kind === 'proof_of_purchase' && !input.receipt) {
    throw new DomainError('VALIDATION_FAILED', { summary: 'a proof of purchase needs "receipt"', errors: [{ location: 'body', pointer: '/receipt', message: 'is required for a proof of purchase' }] });
  }
  const receiptSerial = input.receipt ? canonicalSerial(input.receipt.serialNumber, 'receipt.serialNumber') : null;
  if (!(await takeAttachmentSlot(tx, supportCase, ATTACHMENTS_PER_CASE, audit.now))) throw new DomainError('ATTACHMENT_LIMIT_REACHED', { limit: ATTACHMENTS_PER_CASE });
  const row: AttachmentRow = {
    organization_id: supportCase.organization_id,
    id: newId('att', audit.now),
    case_id: supportCase.id,
    kind: input.kind,
    media_type: input.upload.mediaType,
    file_name: input.fileName,
    size_bytes: input.upload.sizeBytes,
    sha256: input.upload.sha256,
    receipt_model: input.receipt?.model ?? null,
    receipt_purchase_date: input.receipt?.purchaseDate ?? null,
    receipt_serial_number: receiptSerial,
    created_at: toStoredInstant(audit.now),
  };
  await tx.insertInto('support_case_attachments').values({ ...row, content: input.upload.content }).execute();
  await recordAudit(tx, audit, {
    organizationId: supportCase.organization_id,
    action: 'support_case.attachment_added',
    target: { type: 'support_case', id: supportCase.id },
    data: { attachmentId: row.id, kind: row.kind, mediaType: row.media_type, sizeBytes: row.size_bytes, sha256: row.sha256 },
  });
  return row;
}

/** What is still missing before a case can be approved (the advisor shows the same). */
export async function missingProofs(db: Kysely<DB> | Tx, supportCase: SupportCaseRow, productKeyId: string | null): Promise<string[]> {
  const proofs = await proofsOfCase(db, supportCase.organization_id, supportCase.id);
  const missing: string[] = [];
  if (!proofs.proofOfPurchase) missing.push('proof_of_purchase');
  if (changeOfRepair(supportCase.repair as RepairKind) === 'board' && !proofs.repairReport) {
    const onFile = await oemRepairReportOnFile(db, { serialNumber: supportCase.serial_number, productKeyId, repair: supportCase.repair });
    if (!onFile) missing.push('repair_report');
  }
  return missing;
}

/**
 * Approves the case and issues a reactivation code (approving an approved case again issues a
 * new code and revokes the old one: a customer who lost it). Returns the code, shown once.
 */
export async function approveCase(
  context: CaseChangeContext,
  supportCase: SupportCaseRow,
  input: { note?: string | undefined; hmacKey: KeyObject; ttlHours: number; productKeyId: string | null },
): Promise<{ supportCase: SupportCaseRow; code: string; expiresAt: string }> {
  const { tx, audit } = context;
  if (supportCase.state !== 'open' && supportCase.state !== 'approved') throw new DomainError('SUPPORT_CASE_STATE', { state: supportCase.state, reason: 'DECIDE' });
  const missing = await missingProofs(tx, supportCase, input.productKeyId);
  if (missing.length > 0) throw new DomainError('SUPPORT_CASE_PROOF_MISSING', { missing });
  const at = toStoredInstant(audit.now);
  const changes = { state: 'approved', decided_at: at, decision_note: input.note ?? supportCase.decision_note };
  if (!(await moveCase(tx, supportCase, ['open', 'approved'], changes, audit.now))) throw new Error(`case ${supportCase.id} changed under its lock`);
  const issued = await issueReactivationCode(tx, audit, input.hmacKey, { organizationId: supportCase.organization_id, caseId: supportCase.id, licenseId: supportCase.license_id, ttlHours: input.ttlHours });
  await announce(context, supportCase, 'support_case.approved', { codeExpiresAt: issued.expiresAt, reissued: supportCase.state === 'approved' });
  return { supportCase: { ...supportCase, ...changes, updated_at: at }, code: issued.code, expiresAt: issued.expiresAt };
}

/** Rejects (an agent) or closes (the customer withdraws, or an agent) a case; its live code stops working. */
export async function endCase(context: CaseChangeContext, supportCase: SupportCaseRow, input: { state: 'rejected' | 'closed'; note?: string | undefined }): Promise<SupportCaseRow> {
  const { tx, audit } = context;
  if (supportCase.state !== 'open' && supportCase.state !== 'approved') throw new DomainError('SUPPORT_CASE_STATE', { state: supportCase.state, reason: 'DECIDE' });
  const at = toStoredInstant(audit.now);
  const changes = { state: input.state, decided_at: at, decision_note: input.note ?? supportCase.decision_note };
  if (!(await moveCase(tx, supportCase, ['open', 'approved'], changes, audit.now))) throw new Error(`case ${supportCase.id} changed under its lock`);
  await revokeLiveCode(tx, supportCase.organization_id, supportCase.id);
  await announce(context, supportCase, `support_case.${input.state}`, { note: changes.decision_note });
  return { ...supportCase, ...changes, updated_at: at };
}
