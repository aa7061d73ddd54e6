// Products: what the vendor sells ("Office Business"), named in English and Japanese. Plans
// (SKUs) hang off a product; a product itself has no price or term.
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { findVendorOrganizationId } from '../organizations/store.ts';
import type { Product } from './schemas.ts';
import { getProductRow, insertProduct, updateProductRow, type ProductRow } from './store.ts';

export interface LocalizedNameInput {
  en: string;
  ja: string;
}

export function toProduct(row: ProductRow): Product {
  return { id: row.id, name: { en: row.name_en, ja: row.name_ja }, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** Trims a display name; one that is only spaces is refused, as the schema cannot tell. */
function cleanName(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new DomainError('VALIDATION_FAILED', { summary: `${field} must not be blank` });
  return trimmed;
}

/** The vendor organization, whose audit log records every catalog change. */
export async function catalogAuditOrganization(tx: Tx): Promise<string> {
  const id = await findVendorOrganizationId(tx);
  // Callers reach the catalog as vendor staff or as the operator after the first start, so
  // the vendor organization exists; without it there is nowhere to audit the change.
  if (!id) throw new Error('the vendor organization does not exist yet');
  return id;
}

export async function createProduct(tx: Tx, audit: AuditContext, input: { name: LocalizedNameInput }): Promise<ProductRow> {
  const organizationId = await catalogAuditOrganization(tx);
  const now = toStoredInstant(audit.now);
  const row: ProductRow = {
    id: newId('prd', audit.now),
    name_en: cleanName(input.name.en, 'name.en'),
    name_ja: cleanName(input.name.ja, 'name.ja'),
    created_at: now,
    updated_at: now,
  };
  await insertProduct(tx, row);
  await recordAudit(tx, audit, {
    organizationId,
    action: 'product.created',
    target: { type: 'product', id: row.id },
    data: { name: { en: row.name_en, ja: row.name_ja } },
  });
  return row;
}

export async function updateProduct(
  tx: Tx,
  audit: AuditContext,
  id: string,
  changes: { name?: Partial<LocalizedNameInput> | undefined },
): Promise<ProductRow> {
  const current = await getProductRow(tx, id);
  if (!current) throw new DomainError('NOT_FOUND', { resource: 'product' });
  const nameEn = changes.name?.en === undefined ? current.name_en : cleanName(changes.name.en, 'name.en');
  const nameJa = changes.name?.ja === undefined ? current.name_ja : cleanName(changes.name.ja, 'name.ja');
  if (nameEn === current.name_en && nameJa === current.name_ja) return current;
  const updated: ProductRow = { ...current, name_en: nameEn, name_ja: nameJa, updated_at: toStoredInstant(audit.now) };
  await updateProductRow(tx, id, { name_en: nameEn, name_ja: nameJa, updated_at: updated.updated_at });
  await recordAudit(tx, audit, {
    organizationId: await catalogAuditOrganization(tx),
    action: 'product.updated',
    target: { type: 'product', id },
    data: { before: { name: { en: current.name_en, ja: current.name_ja } }, after: { name: { en: nameEn, ja: nameJa } } },
  });
  return updated;
}
