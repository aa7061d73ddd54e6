// Repair completion reports issued by an OEM partner (SPEC §6: "the repair completion report";
// the OEM can issue it itself). The report names a unit of the OEM's own registry, is kept as
// data and as the PDF made from it, and counts as the repair report of any support case about
// that unit (by serial number or IMEI, or through the license preinstalled on it).
import { createHash } from 'node:crypto';
import type { RepairKind } from '@licentia/core/repairs';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getOrganization } from '../organizations/store.ts';
import { renderRepairReportPdf, type RepairReportContent } from './repair-report-pdf.ts';
import { findProducts } from './store.ts';

export interface NewRepairReport {
  /** The unit's serial number or IMEI, canonical. */
  identifier: string;
  repair: RepairKind;
  repairedOn: string;
  replacedParts: string[];
  technician: string;
  notes?: string | undefined;
}

export async function issueRepairReport(tx: Tx, audit: AuditContext, organizationId: string, input: NewRepairReport) {
  const [product] = (await findProducts(tx, [input.identifier], { ownerOrganizationId: organizationId, limit: 2 })).filter((p) => p.serial_number === input.identifier || p.imei === input.identifier);
  if (!product) throw new DomainError('NOT_FOUND', { resource: 'hardware product' });
  const oem = await getOrganization(tx, organizationId);
  const id = newId('rpr', audit.now);
  const content: RepairReportContent = {
    reportId: id,
    oemName: oem!.name,
    issuedAt: toStoredInstant(audit.now),
    product: { model: product.model, serialNumber: product.serial_number, imei: product.imei, productNumber: product.product_number },
    repair: input.repair,
    repairedOn: input.repairedOn,
    replacedParts: input.replacedParts,
    technician: input.technician,
    notes: input.notes ?? null,
  };
  const pdf = await renderRepairReportPdf(content);
  const row = {
    organization_id: organizationId,
    id,
    hardware_product_id: product.id,
    serial_number: product.serial_number,
    imei: product.imei,
    repair: input.repair,
    repaired_on: input.repairedOn,
    details: JSON.stringify(content),
    pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
    created_at: content.issuedAt,
  };
  await tx.insertInto('repair_reports').values({ ...row, pdf }).execute();
  await recordAudit(tx, audit, {
    organizationId,
    action: 'repair_report.issued',
    target: { type: 'repair_report', id },
    data: { hardwareProductId: product.id, serialNumber: product.serial_number, imei: product.imei, repair: input.repair, pdfSha256: row.pdf_sha256 },
  });
  return { row, content };
}
