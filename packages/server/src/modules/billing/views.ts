// Orders, quotes, invoices and refunds as the API shows them.
import type { Kysely } from 'kysely';
import { invoiceTaxes } from '@licentia/core/billing';
import type { Rounding, TaxRate, TaxSummary } from '@licentia/core/money';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { money } from '../subscriptions/view.ts';
import { planCache } from '../subscriptions/store.ts';
import { getIssuer } from './issuers.ts';
import { contentOf, invoiceOfOrder, type InvoiceRow } from './invoices.ts';
import { linesOf, paymentsOf, type OrderLineRow, type OrderRow } from './orders.ts';
import type { PricedOrder } from './pricing.ts';
import type { RefundRow } from './refunds.ts';
import type { InvoiceView, OrderView, QuoteView } from './schemas.ts';

type Db = Kysely<DB> | Tx;
type LineView = QuoteView['lines'][number];

function taxesView(taxes: TaxSummary, currency: string): Pick<QuoteView, 'taxes' | 'subtotal' | 'tax' | 'total'> {
  return {
    taxes: taxes.perRate.map((r) => ({ rate: r.rate, percent: r.percent, taxable: money(r.taxable, currency), tax: money(r.tax, currency) })),
    subtotal: money(taxes.taxable, currency),
    tax: money(taxes.tax, currency),
    total: money(taxes.gross, currency),
  };
}

export function toQuoteView(priced: PricedOrder): QuoteView {
  const { currency } = priced;
  return {
    currency,
    lines: priced.lines.map((l) => ({
      lineNo: l.lineNo,
      purpose: l.purpose,
      plan: { id: l.plan.catalog.id, sku: l.plan.catalog.sku, name: { ja: l.plan.catalog.name.ja, en: l.plan.catalog.name.en } },
      subscriptionId: l.subscriptionId,
      seats: l.seats,
      termMonths: l.plan.catalog.termMonths,
      unitPrice: money(l.unitPriceMinor, currency),
      amount: money(l.amountMinor, currency),
      taxClass: l.taxClass,
      reducedRate: l.taxClass === 'reduced',
      description: l.description,
      periodStart: l.periodStart,
      periodEnd: l.periodEnd,
      applied: null,
    })),
    ...taxesView(priced.taxes, currency),
  };
}

async function lineViews(db: Db, order: OrderRow, lines: readonly OrderLineRow[]): Promise<LineView[]> {
  const plans = planCache(db);
  const views: LineView[] = [];
  for (const l of lines) {
    const plan = (await plans(l.plan_id)).catalog;
    views.push({
      lineNo: l.line_no,
      purpose: l.purpose as LineView['purpose'],
      plan: { id: plan.id, sku: plan.sku, name: { ja: plan.name.ja, en: plan.name.en } },
      subscriptionId: l.subscription_id,
      seats: l.seats,
      termMonths: l.term_months,
      unitPrice: money(l.unit_price_minor, order.currency),
      amount: money(l.amount_minor, order.currency),
      taxClass: l.tax_class as LineView['taxClass'],
      reducedRate: l.tax_class === 'reduced',
      description: { ja: l.description_ja, en: l.description_en },
      periodStart: l.period_start,
      periodEnd: l.period_end,
      applied: l.applied_subscription_id && l.applied_change_id ? { subscriptionId: l.applied_subscription_id, changeId: l.applied_change_id } : null,
    });
  }
  return views;
}

export async function loadOrderView(db: Db, order: OrderRow): Promise<OrderView> {
  const lines = await linesOf(db, order.organization_id, order.id);
  const payments = await paymentsOf(db, order.organization_id, order.id);
  const invoice = await invoiceOfOrder(db, order.organization_id, order.id);
  const issuer = order.payment_method === 'bank_transfer' ? await getIssuer(db, order.issuer_id) : undefined;
  const { currency } = order;
  // Per rate, from its lines with the order's own rounding: the figures its invoice prints.
  const taxes = invoiceTaxes(lines.map((l) => ({ description: l.description_en, amount: l.amount_minor, rate: l.tax_class as TaxRate })), order.tax_rounding as Rounding).summary;
  return {
    id: order.id,
    organizationId: order.organization_id,
    number: order.number,
    channel: order.channel,
    status: order.status as OrderView['status'],
    paymentMethod: order.payment_method as OrderView['paymentMethod'],
    currency,
    lines: await lineViews(db, order, lines),
    ...taxesView(taxes, currency),
    dueDate: order.due_date,
    createdAt: order.created_at,
    paidAt: order.paid_at,
    appliedAt: order.applied_at,
    cancelledAt: order.cancelled_at,
    cancelReason: order.cancel_reason as OrderView['cancelReason'],
    bankTransfer:
      issuer && issuer.bank_account_ja !== null && issuer.bank_account_en !== null
        ? { account: { ja: issuer.bank_account_ja, en: issuer.bank_account_en }, reference: order.number }
        : null,
    payments: payments.map((p) => ({
      id: p.id,
      method: p.method as OrderView['paymentMethod'],
      provider: p.provider,
      amount: money(p.amount_minor, p.currency),
      receivedAt: p.received_at,
      applied: p.applied === 1,
    })),
    invoiceId: invoice?.id ?? null,
  };
}

export function toInvoiceView(row: InvoiceRow, orderNumber: string): InvoiceView {
  const content = contentOf(row);
  return {
    id: row.id,
    organizationId: row.organization_id,
    kind: row.kind as InvoiceView['kind'],
    number: row.number,
    issuerId: row.issuer_id,
    orderId: row.order_id,
    orderNumber,
    originalInvoiceId: row.original_invoice_id,
    issueDate: row.issue_date,
    transactionDate: row.transaction_date,
    refundDate: row.refund_date,
    ...taxesView(content.taxes, row.currency),
    originalDelivered: row.original_delivered_at !== null,
    copies: row.copies,
  };
}

export function toRefundView(row: RefundRow) {
  return {
    id: row.id,
    orderId: row.order_id,
    reason: row.reason as 'cancellation' | 'unapplied_payment',
    method: row.method as 'card' | 'manual',
    state: row.state as 'pending' | 'succeeded' | 'failed',
    amount: money(row.amount_minor, row.currency),
    tax: money(row.tax_minor, row.currency),
    total: money(row.total_minor, row.currency),
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}
