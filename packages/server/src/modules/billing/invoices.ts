// Qualified invoices (適格請求書) and return invoices (適格返還請求書), SPEC §8. An invoice is
// issued in the transaction that confirms the payment, never before; its number is the
// issuer's next in the same transaction (gapless). Everything it prints is fixed then, in
// `content`: a later change of the issuer's name or of a plan does not rewrite an invoice.
import type { Kysely, Selectable } from 'kysely';
import { invoiceTaxes, rateMark } from '@licentia/core/billing';
import { localDate } from '@licentia/core/lifecycle';
import type { Rounding, TaxRate, TaxSummary } from '@licentia/core/money';
import { toStoredInstant } from '../../clock.ts';
import type { DB, InvoicesTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { invoiceNumberOf, takeInvoiceSequence, type IssuerRow } from './issuers.ts';
import type { OrderLineRow, OrderRow } from './orders.ts';
import type { PaymentMethod } from './schemas.ts';

export type InvoiceRow = Selectable<InvoicesTable>;
type Db = Kysely<DB> | Tx;

export interface InvoiceLine {
  description: { ja: string; en: string };
  periodStart: string;
  periodEnd: string;
  seats: number;
  unitPriceMinor: number;
  amountMinor: number;
  rate: TaxRate;
  /** ※ on reduced-rate lines. */
  mark: string;
}

/** What an invoice prints, fixed when it is issued. */
export interface InvoiceContent {
  kind: 'invoice' | 'return';
  number: string;
  issuer: { name: { ja: string; en: string }; registrationNumber: string; address: { ja: string; en: string }; phone: string | null; email: string | null };
  recipient: { organizationId: string; name: string };
  orderNumber: string;
  currency: string;
  issueDate: string;
  /** The sale's date (取引年月日): the day the payment was confirmed. */
  transactionDate: string;
  /** Return invoices: the day of the refund, and the original invoice. */
  refundDate: string | null;
  originalInvoiceNumber: string | null;
  paymentMethod: PaymentMethod;
  rounding: Rounding;
  lines: InvoiceLine[];
  taxes: TaxSummary;
  timeZone: string;
}

function summarize(lines: readonly Omit<InvoiceLine, 'mark'>[], rounding: Rounding): { lines: InvoiceLine[]; taxes: TaxSummary } {
  const taxes = invoiceTaxes(lines.map((l) => ({ description: l.description.en, amount: l.amountMinor, rate: l.rate })), rounding);
  return { lines: lines.map((l) => ({ ...l, mark: rateMark(l.rate) })), taxes: taxes.summary };
}

function invoiceLinesOf(lines: readonly OrderLineRow[]): Omit<InvoiceLine, 'mark'>[] {
  return lines.map((l) => ({
    description: { ja: l.description_ja, en: l.description_en },
    periodStart: l.period_start,
    periodEnd: l.period_end,
    seats: l.seats,
    unitPriceMinor: l.unit_price_minor,
    amountMinor: l.amount_minor,
    rate: l.tax_class as TaxRate,
  }));
}

function issuerOf(issuer: IssuerRow): InvoiceContent['issuer'] {
  return {
    name: { ja: issuer.name_ja, en: issuer.name_en },
    registrationNumber: issuer.registration_number,
    address: { ja: issuer.address_ja, en: issuer.address_en },
    phone: issuer.phone,
    email: issuer.email,
  };
}

async function insertInvoice(
  tx: Tx,
  audit: AuditContext,
  input: {
    organization: OrganizationRow;
    order: OrderRow;
    kind: 'invoice' | 'return';
    lines: Omit<InvoiceLine, 'mark'>[];
    transactionDate: string;
    original?: InvoiceRow | undefined;
    refundId?: string | undefined;
  },
): Promise<InvoiceRow> {
  const { organization, order } = input;
  const { issuer, sequence } = await takeInvoiceSequence(tx, order.issuer_id);
  const number = invoiceNumberOf(issuer, sequence);
  const today = localDate(audit.now, organization.time_zone).toString();
  const rounding = order.tax_rounding as Rounding;
  const { lines, taxes } = summarize(input.lines, rounding);
  const content: InvoiceContent = {
    kind: input.kind,
    number,
    issuer: issuerOf(issuer),
    recipient: { organizationId: organization.id, name: organization.name },
    orderNumber: order.number,
    currency: order.currency,
    issueDate: today,
    transactionDate: input.transactionDate,
    refundDate: input.kind === 'return' ? today : null,
    originalInvoiceNumber: input.original?.number ?? null,
    paymentMethod: order.payment_method as PaymentMethod,
    rounding,
    lines,
    taxes,
    timeZone: organization.time_zone,
  };
  const row: InvoiceRow = {
    organization_id: organization.id,
    id: newId('inv', audit.now),
    issuer_id: issuer.id,
    sequence,
    number,
    kind: input.kind,
    order_id: order.id,
    original_invoice_id: input.original?.id ?? null,
    refund_id: input.refundId ?? null,
    currency: order.currency,
    subtotal_minor: taxes.taxable,
    tax_minor: taxes.tax,
    total_minor: taxes.gross,
    issued_at: toStoredInstant(audit.now),
    issue_date: today,
    transaction_date: input.transactionDate,
    refund_date: content.refundDate,
    content: JSON.stringify(content),
    original_delivered_at: null,
    copies: 0,
  };
  await tx.insertInto('invoices').values(row).execute();
  const data = { number, kind: row.kind, orderId: order.id, orderNumber: order.number, totalMinor: row.total_minor, taxMinor: row.tax_minor, currency: row.currency, issuerId: issuer.id };
  await recordAudit(tx, audit, { organizationId: organization.id, action: input.kind === 'invoice' ? 'invoice.issued' : 'return_invoice.issued', target: { type: 'invoice', id: row.id }, data });
  await enqueueEvent(tx, audit.now, {
    organizationId: organization.id,
    type: input.kind === 'invoice' ? 'invoice.issued' : 'return_invoice.issued',
    payload: { invoiceId: row.id, ...data, orderedByUserId: order.ordered_by_user_id },
  });
  return row;
}

/** The invoice of a paid order, in the transaction that confirmed its payment. */
export async function issueInvoice(tx: Tx, audit: AuditContext, organization: OrganizationRow, order: OrderRow, lines: readonly OrderLineRow[]): Promise<InvoiceRow> {
  return insertInvoice(tx, audit, { organization, order, kind: 'invoice', lines: invoiceLinesOf(lines), transactionDate: localDate(audit.now, organization.time_zone).toString() });
}

/**
 * A return invoice for money given back on a sale: the refunded part of each line (before
 * tax), with the tax of each rate rounded once, and the original sale's date.
 */
export async function issueReturnInvoice(
  tx: Tx,
  audit: AuditContext,
  input: { organization: OrganizationRow; order: OrderRow; original: InvoiceRow; refundId: string; lines: Omit<InvoiceLine, 'mark'>[] },
): Promise<InvoiceRow> {
  return insertInvoice(tx, audit, { ...input, kind: 'return', transactionDate: input.original.transaction_date });
}

export function contentOf(row: InvoiceRow): InvoiceContent {
  return JSON.parse(row.content) as InvoiceContent;
}

export async function invoiceOfOrder(db: Db, organizationId: string, orderId: string): Promise<InvoiceRow | undefined> {
  return db.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId).where('order_id', '=', orderId).where('kind', '=', 'invoice').executeTakeFirst();
}

export async function requireInvoice(db: Db, organizationId: string, invoiceId: string): Promise<InvoiceRow> {
  const row = await db.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId).where('id', '=', invoiceId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'invoice' });
  return row;
}

export async function listInvoiceRows(db: Db, organizationId: string, page: { limit: number; after: string | undefined }): Promise<InvoiceRow[]> {
  let query = db.selectFrom('invoices').selectAll().where('organization_id', '=', organizationId);
  if (page.after) query = query.where('id', '>', page.after);
  return query.orderBy('id').limit(page.limit + 1).execute();
}

/**
 * Marks a download: the customer's first is the original, every later one (and any by vendor
 * staff, who keep the issuer's copy) is a copy. A conditional update, so of two first downloads
 * at once exactly one is the original. Returns whether this one is a copy.
 */
export async function recordDownload(tx: Tx, audit: AuditContext, invoice: InvoiceRow, byCustomer: boolean): Promise<{ copy: boolean; copyNumber: number }> {
  const now = toStoredInstant(audit.now);
  if (byCustomer) {
    const original = await tx
      .updateTable('invoices')
      .set({ original_delivered_at: now })
      .where('organization_id', '=', invoice.organization_id)
      .where('id', '=', invoice.id)
      .where('original_delivered_at', 'is', null)
      .executeTakeFirst();
    if (original.numUpdatedRows === 1n) {
      await recordAudit(tx, audit, { organizationId: invoice.organization_id, action: 'invoice.delivered', target: { type: 'invoice', id: invoice.id }, data: { number: invoice.number } });
      return { copy: false, copyNumber: 0 };
    }
  }
  const updated = await tx
    .updateTable('invoices')
    .set((eb) => ({ copies: eb('copies', '+', 1) }))
    .where('organization_id', '=', invoice.organization_id)
    .where('id', '=', invoice.id)
    .returning('copies')
    .executeTakeFirstOrThrow();
  await recordAudit(tx, audit, { organizationId: invoice.organization_id, action: 'invoice.reissued', target: { type: 'invoice', id: invoice.id }, data: { number: invoice.number, copy: updated.copies } });
  return { copy: true, copyNumber: updated.copies };
}
