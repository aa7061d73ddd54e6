// The payment-provider interface (SPEC §8 "card … captured at once through a payment-provider
// interface"). An adapter turns one provider's API into these outcomes; the billing rules never
// see a provider's wire format. Card data never reaches Licentia: the browser gives the card to
// the provider (Stripe.js) and sends us the provider's token of it.
import type { BillingConfig } from '../../../config.ts';
import { StripeProvider } from './stripe.ts';
import { TestCardProvider } from './test-provider.ts';

export interface ChargeRequest {
  organizationId: string;
  orderId: string;
  orderNumber: string;
  amountMinor: number;
  /** ISO 4217; the amount is in its minor unit, which is also what providers expect. */
  currency: string;
  /** The provider's token of the card. */
  paymentMethod: string;
  /** The same key for a retry of the same attempt: the provider then answers as the first time. */
  idempotencyKey: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; reference: string; amountMinor: number; currency: string }
  /**
   * Not settled yet: the card's issuer wants the cardholder to authenticate (3-D Secure: the
   * client secret lets the browser do it with the provider), or the provider is still processing.
   * The provider's webhook says how it ends.
   */
  | { status: 'pending'; reference: string; clientSecret: string | null }
  | { status: 'declined'; reference: string | null; declineCode: string };

export interface RefundRequest {
  paymentReference: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
}

export type RefundOutcome = { status: 'succeeded' | 'pending'; reference: string } | { status: 'failed'; reference: string | null; reason: string };

export interface CardProvider {
  readonly name: 'stripe' | 'test';
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

/**
 * The provider could not be asked, or did not answer: whether the card was charged is unknown.
 * The caller keeps the attempt open, so a retry asks again with the same idempotency key.
 */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

/** The provider refused the request itself (bad credentials, a bad parameter): our problem. */
export class ProviderRequestError extends Error {
  override name = 'ProviderRequestError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function cardProviderFor(config: BillingConfig, fetchImpl: typeof fetch = fetch): CardProvider {
  return config.cardProvider === 'stripe' ? new StripeProvider(config.stripe, fetchImpl) : new TestCardProvider();
}
