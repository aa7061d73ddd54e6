// Reconciling bank transfers from a statement (入出金明細) exported as CSV: each credit whose
// reference names an order number pays that order, through the same confirmation as every
// payment (payments.ts), so importing a statement twice, or two overlapping statements,
// records each transfer once.
//
// The format (documented in docs/decisions.md): UTF-8 (a BOM is ignored), RFC 4180 quoting, a
// header row naming at least date, amount, currency, reference (any order, any case), and
// optionally transaction_id and payer. Dates YYYY-MM-DD or YYYY/MM/DD; amounts in major units
// ("1234.56", thousands separators allowed); rows with a zero or negative amount (debits) are
// skipped. The order number may stand anywhere in the reference: Japanese banks put the payer's
// text (振込依頼人名) there, and customers are asked to add the number to it.
import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { ORDER_NUMBER_PATTERN } from '@licentia/core/billing';
import { startOfLocalDay } from '@licentia/core/lifecycle';
import { isKnownCurrency, toMinorUnits } from '@licentia/core/money';
import type { Database } from '../../db/connect.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { findOrderByNumber } from './orders.ts';
import { confirmPayment, type UnappliedReason } from './payments.ts';
import { requireOrganization } from '../subscriptions/store.ts';

export interface StatementLine {
  line: number;
  date: Temporal.PlainDate;
  amountMinor: number;
  currency: string;
  reference: string;
  /** The bank's id of the transfer, or a digest of the row (and its repetition within the file). */
  key: string;
}

export type LineOutcome =
  | { outcome: 'applied' | 'already_recorded' | 'no_order_number' | 'unknown_order' }
  | { outcome: 'unapplied'; reason: UnappliedReason };

/** RFC 4180 records; quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new DomainError('BANK_STATEMENT_INVALID', { problem: 'a quoted field is not closed' });
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

const REQUIRED = ['date', 'amount', 'currency', 'reference'] as const;

export function parseStatement(csv: string): StatementLine[] {
  const rows = parseCsv(csv.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const column = (name: string) => header.indexOf(name);
  for (const name of REQUIRED) if (column(name) < 0) throw new DomainError('BANK_STATEMENT_INVALID', { problem: `the header has no "${name}" column` });
  const seen = new Map<string, number>();
  const lines: StatementLine[] = [];
  for (const [index, row] of rows.slice(1).entries()) {
    const line = index + 2;
    const value = (name: string) => (column(name) < 0 ? '' : (row[column(name)] ?? '').trim());
    const dateText = value('date').replaceAll('/', '-');
    let date: Temporal.PlainDate;
    try {
      date = Temporal.PlainDate.from(dateText, { overflow: 'reject' });
    } catch {
      throw new DomainError('BANK_STATEMENT_INVALID', { problem: `line ${line}: "${value('date')}" is not a date`, line });
    }
    const currency = value('currency').toUpperCase();
    if (!isKnownCurrency(currency)) throw new DomainError('BANK_STATEMENT_INVALID', { problem: `line ${line}: "${value('currency')}" is not a currency`, line });
    let amountMinor: number;
    try {
      amountMinor = toMinorUnits(value('amount').replaceAll(',', ''), currency);
    } catch {
      throw new DomainError('BANK_STATEMENT_INVALID', { problem: `line ${line}: "${value('amount')}" is not an amount in ${currency}`, line });
    }
    if (amountMinor <= 0) continue;
    const reference = value('reference');
    const content = [date.toString(), amountMinor, currency, reference, value('payer')].join('\u0000');
    const repeat = (seen.get(content) ?? 0) + 1;
    seen.set(content, repeat);
    const key = value('transaction_id') || `row:${createHash('sha256').update(`${content}\u0000${repeat}`).digest('base64url')}`;
    lines.push({ line, date, amountMinor, currency, reference, key });
  }
  return lines;
}

/** Applies one statement line; each in its own transaction (a large statement never holds a lock long). */
export async function reconcileLine(database: Database, audit: AuditContext, line: StatementLine): Promise<LineOutcome & { orderNumber: string | null }> {
  const orderNumber = new RegExp(ORDER_NUMBER_PATTERN.source.slice(1, -1)).exec(line.reference)?.[0] ?? null;
  if (!orderNumber) return { outcome: 'no_order_number', orderNumber };
  const order = await findOrderByNumber(database.db, orderNumber);
  if (!order) return { outcome: 'unknown_order', orderNumber };
  const organization = await requireOrganization(database.db, order.organization_id);
  const confirmed = await confirmPayment(database, audit, {
    organizationId: order.organization_id,
    orderId: order.id,
    method: 'bank_transfer',
    provider: 'bank',
    reference: line.key,
    amountMinor: line.amountMinor,
    currency: line.currency,
    // The transfer's day counts, in the customer's zone, however late the statement is imported.
    receivedAt: startOfLocalDay(line.date, organization.time_zone),
    recordedBy: audit.principal.kind === 'user' ? audit.principal.userId : null,
  });
  if (confirmed.kind === 'paid') return { outcome: 'applied', orderNumber };
  if (confirmed.kind === 'duplicate') return { outcome: 'already_recorded', orderNumber };
  return { outcome: 'unapplied', reason: confirmed.reason, orderNumber };
}
