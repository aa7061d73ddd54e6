// The vendor as the issuer of qualified invoices: name, registration number, address, how tax
// is rounded, and its invoice numbering. Vendor configuration through the API; every change is
// audited in the vendor organization's log. An issuer is never deleted: its invoices name it.
import type { Kysely, Selectable } from 'kysely';
import { checkRegistrationNumber, type Registrant } from '@licentia/core/billing';
import type { Rounding } from '@licentia/core/money';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import type { BillingIssuersTable, DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { findVendorOrganizationId } from '../organizations/store.ts';
import type { CreateIssuerInput, IssuerView, UpdateIssuerInput } from './schemas.ts';

export type IssuerRow = Selectable<BillingIssuersTable>;
type Db = Kysely<DB> | Tx;

export function invoiceNumberOf(issuer: Pick<IssuerRow, 'invoice_prefix'>, sequence: number): string {
  return `${issuer.invoice_prefix}-${String(sequence).padStart(8, '0')}`;
}

export function toIssuerView(row: IssuerRow): IssuerView {
  return {
    id: row.id,
    name: { ja: row.name_ja, en: row.name_en },
    registrationNumber: row.registration_number,
    registrant: row.registrant as Registrant,
    address: { ja: row.address_ja, en: row.address_en },
    phone: row.phone,
    email: row.email,
    bankAccount: row.bank_account_ja === null || row.bank_account_en === null ? null : { ja: row.bank_account_ja, en: row.bank_account_en },
    taxRounding: row.tax_rounding as Rounding,
    invoicePrefix: row.invoice_prefix,
    bankTransferDueDays: row.bank_transfer_due_days,
    autoRenewalDueDays: row.auto_renewal_due_days,
    lastInvoiceNumber: row.last_invoice_sequence === 0 ? null : invoiceNumberOf(row, row.last_invoice_sequence),
    default: row.is_default === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function registrationNumber(input: string, registrant: Registrant): string {
  const check = checkRegistrationNumber(input, registrant);
  if (!check.ok) throw new DomainError('ISSUER_REGISTRATION_NUMBER_INVALID', { registrationNumber: input, reason: check.problem });
  return check.value;
}

export async function listIssuers(db: Db): Promise<IssuerRow[]> {
  return db.selectFrom('billing_issuers').selectAll().orderBy('id').execute();
}

export async function getIssuer(db: Db, id: string): Promise<IssuerRow | undefined> {
  return db.selectFrom('billing_issuers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function defaultIssuer(db: Db): Promise<IssuerRow | undefined> {
  return db.selectFrom('billing_issuers').selectAll().where('is_default', '=', 1).executeTakeFirst();
}

async function audit(tx: Tx, context: AuditContext, action: string, id: string, data: Record<string, unknown>): Promise<void> {
  const vendorId = await findVendorOrganizationId(tx);
  if (vendorId) await recordAudit(tx, context, { organizationId: vendorId, action, target: { type: 'billing_issuer', id }, data });
}

/** Only one issuer is the default: marking one unmarks the other in the same transaction. */
async function unmarkDefault(tx: Tx, except: string): Promise<void> {
  await tx.updateTable('billing_issuers').set({ is_default: 0 }).where('is_default', '=', 1).where('id', '!=', except).execute();
}

export async function createIssuer(tx: Tx, context: AuditContext, input: CreateIssuerInput): Promise<IssuerRow> {
  const now = toStoredInstant(context.now);
  // The first issuer is the default whatever was asked: orders need one.
  const makeDefault = input.default ?? true;
  const first = (await tx.selectFrom('billing_issuers').select('id').limit(1).executeTakeFirst()) === undefined;
  const row: IssuerRow = {
    id: newId('iss', context.now),
    name_ja: input.name.ja.trim(),
    name_en: input.name.en.trim(),
    registration_number: registrationNumber(input.registrationNumber, input.registrant ?? 'corporation'),
    registrant: input.registrant ?? 'corporation',
    address_ja: input.address.ja.trim(),
    address_en: input.address.en.trim(),
    phone: input.phone ?? null,
    email: input.email ?? null,
    bank_account_ja: input.bankAccount?.ja ?? null,
    bank_account_en: input.bankAccount?.en ?? null,
    tax_rounding: input.taxRounding ?? 'floor',
    bank_transfer_due_days: input.bankTransferDueDays ?? 7,
    auto_renewal_due_days: input.autoRenewalDueDays ?? 14,
    invoice_prefix: input.invoicePrefix ?? 'INV',
    last_invoice_sequence: 0,
    is_default: makeDefault || first ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  if (row.is_default === 1) await unmarkDefault(tx, row.id);
  await tx.insertInto('billing_issuers').values(row).execute();
  await audit(tx, context, 'billing_issuer.created', row.id, { ...toIssuerView(row) });
  return row;
}

export async function updateIssuer(tx: Tx, dialect: DialectName, context: AuditContext, id: string, input: UpdateIssuerInput): Promise<IssuerRow> {
  let query = tx.selectFrom('billing_issuers').selectAll().where('id', '=', id);
  if (dialect === 'postgres') query = query.forUpdate();
  const current = await query.executeTakeFirst();
  if (!current) throw new DomainError('NOT_FOUND', { resource: 'issuer' });
  if (input.default === false && current.is_default === 1) throw new DomainError('ISSUER_DEFAULT_REQUIRED', { issuerId: id });
  const next: IssuerRow = {
    ...current,
    ...(input.name ? { name_ja: input.name.ja.trim(), name_en: input.name.en.trim() } : {}),
    ...(input.registrant !== undefined ? { registrant: input.registrant } : {}),
    // The number is checked again whenever it or the kind of registrant changes.
    ...(input.registrationNumber !== undefined || input.registrant !== undefined
      ? { registration_number: registrationNumber(input.registrationNumber ?? current.registration_number, input.registrant ?? (current.registrant as Registrant)) }
      : {}),
    ...(input.address ? { address_ja: input.address.ja.trim(), address_en: input.address.en.trim() } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.bankAccount !== undefined ? { bank_account_ja: input.bankAccount?.ja ?? null, bank_account_en: input.bankAccount?.en ?? null } : {}),
    ...(input.taxRounding !== undefined ? { tax_rounding: input.taxRounding } : {}),
    // A new prefix applies to the next number; the sequence goes on (numbers stay gapless).
    ...(input.invoicePrefix !== undefined ? { invoice_prefix: input.invoicePrefix } : {}),
    ...(input.bankTransferDueDays !== undefined ? { bank_transfer_due_days: input.bankTransferDueDays } : {}),
    ...(input.autoRenewalDueDays !== undefined ? { auto_renewal_due_days: input.autoRenewalDueDays } : {}),
    ...(input.default === true ? { is_default: 1 } : {}),
    updated_at: toStoredInstant(context.now),
  };
  const before = toIssuerView(current);
  const after = toIssuerView(next);
  const changed = (Object.keys(after) as (keyof IssuerView)[]).filter((k) => k !== 'updatedAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return current;
  if (next.is_default === 1 && current.is_default === 0) await unmarkDefault(tx, id);
  const { id: _id, created_at: _created, last_invoice_sequence: _sequence, ...values } = next;
  await tx.updateTable('billing_issuers').set(values).where('id', '=', id).execute();
  await audit(tx, context, 'billing_issuer.updated', id, { before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) });
  return next;
}

/**
 * The next invoice number of an issuer, in the caller's transaction: the UPDATE takes the
 * issuer's row lock until the transaction ends, so numbers are handed out one at a time and a
 * rolled-back invoice gives its number back. No gaps, no duplicates (and a unique constraint).
 */
export async function takeInvoiceSequence(tx: Tx, issuerId: string): Promise<{ issuer: IssuerRow; sequence: number }> {
  const issuer = await tx
    .updateTable('billing_issuers')
    .set((eb) => ({ last_invoice_sequence: eb('last_invoice_sequence', '+', 1) }))
    .where('id', '=', issuerId)
    .returningAll()
    .executeTakeFirst();
  if (!issuer) throw new Error(`issuer ${issuerId} does not exist`);
  return { issuer, sequence: issuer.last_invoice_sequence };
}
