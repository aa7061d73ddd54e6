// Card refunds go back through the provider that took the payment, after the transaction that
// decided them: claimed in a batch (attempts + 1 and a lease, committed before any call), then
// each asked of the provider with the refund's id as its idempotency key, so a retry after a
// crash or a timeout never refunds twice. A refusal is retried with backoff, then left failed
// for the vendor (audited, announced).
import type { Temporal } from 'temporal-polyfill';
import type { BillingConfig } from '../../config.ts';
import { toStoredInstant } from '../../clock.ts';
import type { Database } from '../../db/connect.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { ProviderRequestError, ProviderUnavailableError, type CardProvider } from './providers/card-provider.ts';
import { StripeProvider } from './providers/stripe.ts';
import { TestCardProvider } from './providers/test-provider.ts';
import { dueCardRefunds, settleRefund, type RefundRow } from './refunds.ts';

export const REFUND_BATCH_SIZE = 20;
export const REFUND_MAX_ATTEMPTS = 8;
const LEASE_MINUTES = 5;

/** The provider that took a payment is the one that gives it back. */
function providerNamed(name: string, config: BillingConfig): CardProvider | undefined {
  if (name === 'stripe') return new StripeProvider(config.stripe);
  if (name === 'test') return new TestCardProvider();
  return undefined;
}

async function claim(database: Database, now: Temporal.Instant): Promise<RefundRow[]> {
  return inTransaction(database.db, async (tx) => {
    const due = await dueCardRefunds(tx, database.dialect, now, REFUND_BATCH_SIZE);
    const leaseUntil = toStoredInstant(now.add({ minutes: LEASE_MINUTES }));
    for (const refund of due) {
      await tx.updateTable('refunds').set({ attempts: refund.attempts + 1, next_attempt_at: leaseUntil }).where('organization_id', '=', refund.organization_id).where('id', '=', refund.id).execute();
    }
    return due.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  });
}

/** Refunds one batch of card refunds; returns how many it settled. */
export async function processCardRefunds(database: Database, config: BillingConfig, now: Temporal.Instant, providers: (name: string) => CardProvider | undefined = (name) => providerNamed(name, config)): Promise<number> {
  const claimed = await claim(database, now);
  const audit: AuditContext = { principal: { kind: 'anonymous' }, now };
  let settled = 0;
  for (const refund of claimed) {
    const payment = await database.db.selectFrom('payments').select(['provider', 'reference']).where('organization_id', '=', refund.organization_id).where('id', '=', refund.payment_id).executeTakeFirstOrThrow();
    const provider = providers(payment.provider);
    let outcome: { state: 'succeeded' | 'failed'; reference: string | null; error: string | null } | undefined;
    try {
      if (!provider) outcome = { state: 'failed', reference: null, error: `no card provider "${payment.provider}"` };
      else {
        const answer = await provider.refund({ paymentReference: payment.reference, amountMinor: refund.total_minor, currency: refund.currency, idempotencyKey: refund.id });
        if (answer.status !== 'failed') outcome = { state: 'succeeded', reference: answer.reference, error: null };
        else if (refund.attempts >= REFUND_MAX_ATTEMPTS) outcome = { state: 'failed', reference: answer.reference, error: answer.reason };
      }
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError || error instanceof ProviderRequestError)) throw error;
      if (refund.attempts >= REFUND_MAX_ATTEMPTS) outcome = { state: 'failed', reference: null, error: error.message };
    }
    if (!outcome) {
      // Retried after a backoff doubling from a minute; the lease already keeps others away.
      const retryAt = toStoredInstant(now.add({ minutes: 2 ** (refund.attempts - 1) }));
      await database.db.updateTable('refunds').set({ next_attempt_at: retryAt }).where('organization_id', '=', refund.organization_id).where('id', '=', refund.id).where('state', '=', 'pending').execute();
      continue;
    }
    const settledOutcome = outcome;
    await inTransaction(database.db, (tx) => settleRefund(tx, audit, refund, settledOutcome));
    settled++;
  }
  return settled;
}
