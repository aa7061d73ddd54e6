// How cases and their files are shown through the API.
import type { Kysely } from 'kysely';
import type { RepairKind, SupportCaseState } from '@licentia/core/repairs';
import type { DB } from '../../db/schema.ts';
import { getLicense } from '../devices/store.ts';
import { missingProofs } from './cases.ts';
import { listAttachments, type AttachmentRow, type SupportCaseRow } from './store.ts';
import type { AcceptedMediaType } from './uploads.ts';

export function toCase(row: SupportCaseRow) {
  return {
    id: row.id,
    organizationId: row.organization_id,
    licenseId: row.license_id,
    deviceId: row.device_id,
    serialNumber: row.serial_number,
    repair: row.repair as RepairKind,
    state: row.state as SupportCaseState,
    openedBy: row.opened_by as 'customer' | 'agent',
    description: row.description,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at,
    resolvedAt: row.resolved_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttachment(row: AttachmentRow) {
  return {
    id: row.id,
    kind: row.kind as 'proof_of_purchase' | 'repair_report',
    fileName: row.file_name,
    mediaType: row.media_type as AcceptedMediaType,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    receipt:
      row.receipt_model === null ? null : { model: row.receipt_model, purchaseDate: row.receipt_purchase_date!, serialNumber: row.receipt_serial_number! },
    createdAt: row.created_at,
  };
}

export async function caseDetail(db: Kysely<DB>, row: SupportCaseRow) {
  const attachments = await listAttachments(db, row.organization_id, row.id);
  const license = await getLicense(db, row.organization_id, row.license_id);
  const missing = await missingProofs(db, row, license?.product_key_id ?? null);
  return { ...toCase(row), attachments: attachments.map(toAttachment), missing: missing as ('proof_of_purchase' | 'repair_report')[] };
}
