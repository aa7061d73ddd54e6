// Orders, payments, qualified invoices and refunds (SPEC §8). Portable types as in 0001: text
// ids and instants, integer money in minor units, civil dates as 'YYYY-MM-DD' text.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The vendor as the issuer of qualified invoices (適格請求書発行事業者): what every invoice
  // prints, and its own gapless invoice counter, advanced in the transaction that issues.
  await db.schema
    .createTable('billing_issuers')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name_ja', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('registration_number', 'text', (c) => c.notNull())
    // A corporation's number is its 法人番号 with a check digit; a sole proprietor's has none.
    .addColumn('registrant', 'text', (c) => c.notNull().check(sql`registrant in ('corporation', 'sole_proprietor')`))
    .addColumn('address_ja', 'text', (c) => c.notNull())
    .addColumn('address_en', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    // Where customers transfer money to (振込先), shown on bank-transfer orders.
    .addColumn('bank_account_ja', 'text')
    .addColumn('bank_account_en', 'text')
    .addColumn('tax_rounding', 'text', (c) => c.notNull().check(sql`tax_rounding in ('floor', 'ceil', 'half_up')`))
    // Payment terms: days after the order day to pay a bank transfer, and after the renewal day
    // to pay an auto-renewal's invoice.
    .addColumn('bank_transfer_due_days', 'integer', (c) => c.notNull().check(sql`bank_transfer_due_days between 1 and 90`))
    .addColumn('auto_renewal_due_days', 'integer', (c) => c.notNull().check(sql`auto_renewal_due_days between 1 and 90`))
    .addColumn('invoice_prefix', 'text', (c) => c.notNull())
    .addColumn('last_invoice_sequence', 'integer', (c) => c.notNull().check(sql`last_invoice_sequence >= 0`))
    .addColumn('is_default', 'integer', (c) => c.notNull().check(sql`is_default in (0, 1)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // At most one default issuer: the one new orders are invoiced by.
  await db.schema.createIndex('billing_issuers_one_default').on('billing_issuers').column('is_default').unique().where(sql.ref('is_default'), '=', 1).execute();

  // The order-number sequence: one row, advanced by an upsert that returns the new value.
  await db.schema
    .createTable('order_number_sequence')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull().check(sql`id = 1`))
    .addColumn('last_value', 'bigint', (c) => c.notNull().check(sql`last_value between 1 and 999999999`))
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending_payment', 'paid', 'cancelled')`))
    .addColumn('payment_method', 'text', (c) => c.notNull().check(sql`payment_method in ('card', 'bank_transfer')`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal_minor', 'bigint', (c) => c.notNull().check(sql`subtotal_minor >= 0`))
    .addColumn('tax_minor', 'bigint', (c) => c.notNull().check(sql`tax_minor >= 0`))
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('billing_issuers.id'))
    // The issuer's rounding when the order was placed: the invoice repeats the order's totals.
    .addColumn('tax_rounding', 'text', (c) => c.notNull())
    .addColumn('ordered_by_user_id', 'text')
    // The last day to pay (organization-local) and the instant the order lapses (the next day's start).
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('applied_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('cancel_reason', 'text', (c) => c.check(sql`cancel_reason in ('unpaid', 'customer', 'not_applicable')`))
    .addColumn('cancel_detail', 'text')
    // A card payment in flight: its attempt number (the provider's idempotency key), when it
    // began, and the provider's reference of the last attempt (awaiting authentication).
    .addColumn('card_attempt', 'integer', (c) => c.notNull().check(sql`card_attempt >= 0`))
    .addColumn('card_attempt_started_at', 'text')
    .addColumn('card_reference', 'text')
    .addPrimaryKeyConstraint('orders_pk', ['organization_id', 'id'])
    .addCheckConstraint('orders_total', sql`total_minor = subtotal_minor + tax_minor`)
    .addCheckConstraint('orders_paid_or_cancelled', sql`(status = 'paid') = (paid_at is not null) and (status = 'cancelled') = (cancelled_at is not null)`)
    .execute();
  // What the due-date worker reads: pending orders by the instant they lapse.
  await db.schema.createIndex('orders_pending_due').on('orders').columns(['due_at', 'organization_id', 'id']).where(sql.ref('status'), '=', 'pending_payment').execute();
  await db.schema.createIndex('orders_by_status').on('orders').columns(['status', 'id']).execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('line_no', 'integer', (c) => c.notNull().check(sql`line_no >= 1`))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('new_subscription', 'renewal', 'seat_addition', 'coterminous', 'direct_billing')`))
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    // The subscription renewed, added to or switched to direct billing, or the one a coterminous
    // purchase ends with.
    .addColumn('subscription_id', 'text')
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats >= 1`))
    .addColumn('term_months', 'integer', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull().check(sql`unit_price_minor >= 0`))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addColumn('tax_class', 'text', (c) => c.notNull().check(sql`tax_class in ('standard', 'reduced')`))
    .addColumn('description_ja', 'text', (c) => c.notNull())
    .addColumn('description_en', 'text', (c) => c.notNull())
    // The period the line pays for: as quoted, then as applied.
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('applied_subscription_id', 'text')
    .addColumn('applied_change_id', 'text')
    .addPrimaryKeyConstraint('order_lines_pk', ['organization_id', 'order_id', 'line_no'])
    .addForeignKeyConstraint('order_lines_order_fk', ['organization_id', 'order_id'], 'orders', ['organization_id', 'id'])
    .execute();
  // "Which order paid for this subscription change?" (refunds and return invoices).
  await db.schema.createIndex('order_lines_by_change').on('order_lines').columns(['organization_id', 'applied_change_id']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('card', 'bank_transfer')`))
    .addColumn('provider', 'text', (c) => c.notNull())
    // The provider's id of the money received (a PaymentIntent, a bank statement line): a
    // confirmation repeated or replayed finds it and changes nothing.
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    // 1: it paid the order; 0: it came for an order already paid or cancelled (to be refunded).
    .addColumn('applied', 'integer', (c) => c.notNull().check(sql`applied in (0, 1)`))
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('payments_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('payments_order_fk', ['organization_id', 'order_id'], 'orders', ['organization_id', 'id'])
    .addUniqueConstraint('payments_once', ['provider', 'reference'])
    .execute();
  await db.schema.createIndex('payments_by_order').on('payments').columns(['organization_id', 'order_id']).execute();

  // Money given back: a cancellation's refund (SPEC §4) or a payment that paid nothing.
  await db.schema
    .createTable('refunds')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('cancellation', 'unapplied_payment')`))
    .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor >= 0`))
    .addColumn('tax_minor', 'bigint', (c) => c.notNull().check(sql`tax_minor >= 0`))
    .addColumn('total_minor', 'bigint', (c) => c.notNull().check(sql`total_minor > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    // card: the worker asks the provider; manual: the vendor sends the money and records it.
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('card', 'manual')`))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'succeeded', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('provider_reference', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('refunds_pk', ['organization_id', 'id'])
    .addForeignKeyConstraint('refunds_order_fk', ['organization_id', 'order_id'], 'orders', ['organization_id', 'id'])
    .execute();
  await db.schema.createIndex('refunds_due').on('refunds').columns(['next_attempt_at']).where(sql<boolean>`state = 'pending' and method = 'card'`).execute();
  // A payment is refunded as unapplied at most once.
  await db.schema.createIndex('refunds_unapplied_once').on('refunds').columns(['organization_id', 'payment_id']).unique().where(sql.ref('reason'), '=', 'unapplied_payment').execute();

  await db.schema
    .createTable('invoices')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('billing_issuers.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql`sequence >= 1`))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('invoice', 'return')`))
    .addColumn('order_id', 'text', (c) => c.notNull())
    // A return invoice: the invoice of the sale given back, and the refund it documents.
    .addColumn('original_invoice_id', 'text')
    .addColumn('refund_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('subtotal_minor', 'bigint', (c) => c.notNull())
    .addColumn('tax_minor', 'bigint', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issue_date', 'text', (c) => c.notNull())
    // The sale's date (取引年月日); for a return invoice, the original sale's date.
    .addColumn('transaction_date', 'text', (c) => c.notNull())
    .addColumn('refund_date', 'text')
    // JSON: everything printed (issuer, recipient, lines, totals per rate), fixed at issue.
    .addColumn('content', 'text', (c) => c.notNull())
    // The first download by the customer is the original; every later one is a marked copy.
    .addColumn('original_delivered_at', 'text')
    .addColumn('copies', 'integer', (c) => c.notNull().check(sql`copies >= 0`))
    .addPrimaryKeyConstraint('invoices_pk', ['organization_id', 'id'])
    .addUniqueConstraint('invoices_numbered_once', ['issuer_id', 'sequence'])
    .addForeignKeyConstraint('invoices_order_fk', ['organization_id', 'order_id'], 'orders', ['organization_id', 'id'])
    .addCheckConstraint('invoices_return_complete', sql`(kind = 'return') = (original_invoice_id is not null and refund_id is not null and refund_date is not null)`)
    .execute();
  // One invoice per order (its sale); one return invoice per refund.
  await db.schema.createIndex('invoices_one_per_order').on('invoices').columns(['organization_id', 'order_id']).unique().where(sql.ref('kind'), '=', 'invoice').execute();
  await db.schema.createIndex('invoices_one_per_refund').on('invoices').columns(['organization_id', 'refund_id']).unique().where(sql.ref('kind'), '=', 'return').execute();
  // Switching to direct billing (SPEC §4; an order's purpose) links a subscription to its
  // direct-billed successor, so that it is switched once: two paid orders for the same switch
  // must not make two successors.
  await db.schema.alterTable('subscriptions').addColumn('successor_subscription_id', 'text').execute();
}
