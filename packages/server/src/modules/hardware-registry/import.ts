// Importing products into a registry from CSV (SPEC §6): the vendor's, or an OEM partner's own.
// Columns (header row, any order): serial_number, imei (one of the two at least), model, and
// optionally product_number, purchase_date (YYYY-MM-DD), seller, product_key (the license
// preinstalled on the unit). A unit already in the registry (same serial number, else IMEI) is
// updated. All or nothing: a file with any bad line changes nothing and says what is wrong
// where. An OEM may only name keys of batches made for it; the vendor any key it issued.
import type { KeyObject } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { normalizeHardwareIdentifier, normalizeImei } from '@licentia/core/repairs';
import { toStoredInstant } from '../../clock.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { findKeyByPlaintext } from '../keys/product-keys.ts';
import { parseCsv } from './csv.ts';

export const IMPORT_COLUMNS = ['serial_number', 'product_number', 'imei', 'model', 'purchase_date', 'seller', 'product_key'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
/** Lines per file: a day's production of a line of PCs, and a transaction that stays short. */
export const MAX_IMPORT_LINES = 10_000;

export interface ImportError {
  line: number;
  column: Column | null;
  problem: string;
}

interface ProductLine {
  line: number;
  serialNumber: string | null;
  productNumber: string | null;
  imei: string | null;
  model: string;
  purchaseDate: string | null;
  seller: string | null;
  productKeyId: string | null;
}

function isCivilDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    Temporal.PlainDate.from(text, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

async function readLines(tx: Tx, csv: string, owner: { organizationId: string; isVendor: boolean; hmacKey: KeyObject }): Promise<{ lines: ProductLine[]; errors: ImportError[] }> {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { lines: [], errors: [{ line: parsed.line, column: null, problem: parsed.problem }] };
  const { header, records } = parsed.table;
  const errors: ImportError[] = [];
  for (const name of header) if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) errors.push({ line: 1, column: null, problem: `UNKNOWN_COLUMN:${name}` });
  if (!header.includes('model') || !(header.includes('serial_number') || header.includes('imei'))) errors.push({ line: 1, column: null, problem: 'MISSING_COLUMNS' });
  if (records.length > MAX_IMPORT_LINES) errors.push({ line: MAX_IMPORT_LINES + 2, column: null, problem: 'TOO_MANY_LINES' });
  if (errors.length > 0) return { lines: [], errors };
  const lines: ProductLine[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    const value = (column: Column) => {
      const index = header.indexOf(column);
      const text = index < 0 ? '' : (fields[index] ?? '').trim();
      return text === '' ? null : text;
    };
    const fail = (column: Column | null, problem: string) => errors.push({ line, column, problem });
    const identifier = (column: 'serial_number' | 'product_number' | 'imei') => {
      const text = value(column);
      if (text === null) return null;
      const result = column === 'imei' ? normalizeImei(text) : normalizeHardwareIdentifier(text);
      if (result.ok) return result.value;
      fail(column, result.problem);
      return null;
    };
    const serialNumber = identifier('serial_number');
    const imei = identifier('imei');
    const productNumber = identifier('product_number');
    if (value('serial_number') === null && value('imei') === null) fail(null, 'SERIAL_NUMBER_OR_IMEI_REQUIRED');
    const model = value('model');
    if (model === null || model.length > 200) fail('model', model === null ? 'REQUIRED' : 'TOO_LONG');
    const purchaseDate = value('purchase_date');
    if (purchaseDate !== null && !isCivilDate(purchaseDate)) fail('purchase_date', 'NOT_A_DATE');
    const seller = value('seller');
    if (seller !== null && seller.length > 200) fail('seller', 'TOO_LONG');
    let productKeyId: string | null = null;
    const key = value('product_key');
    if (key !== null) {
      const found = await findKeyByPlaintext(tx, owner.hmacKey, key);
      // An OEM learns nothing of keys that are not its own: they are as unknown as keys never issued.
      if (!found.ok || (!owner.isVendor && found.key.batch.partner_organization_id !== owner.organizationId)) fail('product_key', found.ok || found.code === 'NOT_FOUND' ? 'KEY_UNKNOWN' : `KEY_${found.code}`);
      else productKeyId = found.key.id;
    }
    for (const unit of [serialNumber && `s:${serialNumber}`, imei && `i:${imei}`]) {
      if (!unit) continue;
      const earlier = seen.get(unit);
      if (earlier !== undefined) fail(unit.startsWith('s:') ? 'serial_number' : 'imei', `DUPLICATE_OF_LINE_${earlier}`);
      else seen.set(unit, line);
    }
    lines.push({ line, serialNumber, productNumber, imei, model: model ?? '', purchaseDate, seller, productKeyId });
  }
  return { lines, errors };
}

export async function importProducts(
  tx: Tx,
  audit: AuditContext,
  input: { organizationId: string; isVendor: boolean; csv: string; hmacKey: KeyObject },
): Promise<{ created: number; updated: number }> {
  const { lines, errors } = await readLines(tx, input.csv, input);
  if (errors.length > 0) throw new DomainError('HARDWARE_IMPORT_INVALID', { count: errors.length, errors: errors.slice(0, 100) });
  const at = toStoredInstant(audit.now);
  let created = 0;
  let updated = 0;
  for (const line of lines) {
    const columns = {
      serial_number: line.serialNumber,
      product_number: line.productNumber,
      imei: line.imei,
      model: line.model,
      purchase_date: line.purchaseDate,
      seller: line.seller,
      product_key_id: line.productKeyId,
      updated_at: at,
    };
    const existing = await tx
      .selectFrom('hardware_products')
      .select('id')
      .where('organization_id', '=', input.organizationId)
      .where((eb) => (line.serialNumber !== null ? eb('serial_number', '=', line.serialNumber) : eb('imei', '=', line.imei)))
      .executeTakeFirst();
    if (existing) {
      await tx.updateTable('hardware_products').set(columns).where('organization_id', '=', input.organizationId).where('id', '=', existing.id).execute();
      updated++;
    } else {
      await tx.insertInto('hardware_products').values({ organization_id: input.organizationId, id: newId('hwp', audit.now), ...columns, created_at: at }).execute();
      created++;
    }
  }
  await recordAudit(tx, audit, { organizationId: input.organizationId, action: 'hardware_products.imported', target: { type: 'organization', id: input.organizationId }, data: { created, updated } });
  return { created, updated };
}
