// The Stripe adapter, after Stripe's documented API: form-encoded POSTs with a secret key, an
// Idempotency-Key per attempt, PaymentIntents confirmed and captured in one request, refunds
// against the PaymentIntent, and webhooks signed `Stripe-Signature: t=…,v1=…` (HMAC-SHA256 of
// "<t>.<raw body>" with the endpoint's secret; verified like our own webhooks, ±300 s).
//
// Amounts: Stripe takes "the smallest currency unit", which for JPY (zero-decimal) is the yen
// and for USD the cent: exactly our ISO 4217 minor units, so they pass through unchanged.
import type { CardProvider, ChargeOutcome, ChargeRequest, RefundOutcome, RefundRequest } from './card-provider.ts';
import { ProviderRequestError, ProviderUnavailableError } from './card-provider.ts';
import { verifyWebhook, type WebhookVerificationFailure } from '../../webhooks/signature.ts';

/** The API version the adapter was written against; Stripe keeps it stable for us. */
export const STRIPE_API_VERSION = '2024-06-20';
const TIMEOUT_MS = 30_000;

interface StripeConfig {
  apiBase: string;
  secretKey: string | undefined;
  webhookSecrets: readonly string[];
}

interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  status: string;
  amount: number;
  amount_received?: number;
  currency: string;
  client_secret?: string | null;
  last_payment_error?: { code?: string; decline_code?: string } | null;
  metadata?: Record<string, string>;
}

interface StripeError {
  error: { type?: string; code?: string; decline_code?: string; message?: string; payment_intent?: PaymentIntent };
}

/** Stripe's nested form encoding: metadata[order_id]=…, payment_method_types[0]=card. */
function formEncode(params: Record<string, string | number | readonly string[] | Record<string, string>>): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) value.forEach((v, i) => pairs.push([`${key}[${i}]`, v]));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) pairs.push([`${key}[${k}]`, v]);
    else pairs.push([key, String(value)]);
  }
  return new URLSearchParams(pairs).toString();
}

export class StripeProvider implements CardProvider {
  readonly name = 'stripe' as const;
  readonly #config: StripeConfig;
  readonly #fetch: typeof fetch;

  constructor(config: StripeConfig, fetchImpl: typeof fetch = fetch) {
    this.#config = config;
    this.#fetch = fetchImpl;
  }

  async #post(path: string, body: string, idempotencyKey: string): Promise<{ status: number; json: unknown }> {
    if (!this.#config.secretKey) throw new ProviderRequestError(401, 'no Stripe secret key is configured');
    let response: Response;
    try {
      response = await this.#fetch(`${this.#config.apiBase}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.#config.secretKey}`,
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': idempotencyKey,
          'stripe-version': STRIPE_API_VERSION,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProviderUnavailableError(`Stripe could not be reached: ${(error as Error).message}`);
    }
    // 429 and 5xx: Stripe may or may not have acted; the same idempotency key asks again safely.
    if (response.status === 429 || response.status >= 500) throw new ProviderUnavailableError(`Stripe answered ${response.status}`);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new ProviderUnavailableError(`Stripe answered ${response.status} without JSON`);
    }
    return { status: response.status, json };
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const body = formEncode({
      amount: request.amountMinor,
      currency: request.currency.toLowerCase(),
      payment_method: request.paymentMethod,
      'payment_method_types': ['card'],
      confirm: 'true',
      capture_method: 'automatic',
      description: `Order ${request.orderNumber}`,
      metadata: { order_id: request.orderId, organization_id: request.organizationId, order_number: request.orderNumber },
    });
    const { status, json } = await this.#post('/v1/payment_intents', body, request.idempotencyKey);
    if (status === 200) return outcomeOf(json as PaymentIntent, request);
    const error = (json as StripeError).error ?? {};
    // A declined card is a 402 card_error carrying the PaymentIntent it failed on.
    if (status === 402 && error.type === 'card_error') {
      return { status: 'declined', reference: error.payment_intent?.id ?? null, declineCode: error.decline_code ?? error.code ?? 'card_declined' };
    }
    throw new ProviderRequestError(status, `Stripe refused the PaymentIntent: ${error.type ?? 'unknown'} ${error.code ?? ''}`.trim());
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    const body = formEncode({ payment_intent: request.paymentReference, amount: request.amountMinor });
    const { status, json } = await this.#post('/v1/refunds', body, request.idempotencyKey);
    if (status !== 200) {
      const error = (json as StripeError).error ?? {};
      return { status: 'failed', reference: null, reason: `${error.type ?? 'error'}: ${error.code ?? error.message ?? status}` };
    }
    const refund = json as { id: string; status: string; failure_reason?: string };
    if (refund.status === 'succeeded' || refund.status === 'pending') return { status: refund.status, reference: refund.id };
    return { status: 'failed', reference: refund.id, reason: refund.failure_reason ?? refund.status };
  }

  /** A verified webhook event, or why it was refused. */
  verifyWebhook(rawBody: Buffer, header: string | undefined, nowSeconds: number): { ok: true; event: StripeEvent } | { ok: false; reason: WebhookVerificationFailure | 'NO_SECRET' | 'NOT_JSON' } {
    if (this.#config.webhookSecrets.length === 0) return { ok: false, reason: 'NO_SECRET' };
    if (!header) return { ok: false, reason: 'MALFORMED_HEADER' };
    const verified = verifyWebhook({ body: rawBody, header, secrets: this.#config.webhookSecrets, now: nowSeconds });
    if (!verified.ok) return verified;
    try {
      return { ok: true, event: JSON.parse(rawBody.toString('utf8')) as StripeEvent };
    } catch {
      return { ok: false, reason: 'NOT_JSON' };
    }
  }
}

function outcomeOf(intent: PaymentIntent, request: ChargeRequest): ChargeOutcome {
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded', reference: intent.id, amountMinor: intent.amount_received ?? intent.amount, currency: intent.currency.toUpperCase() };
    case 'requires_action':
      return { status: 'pending', reference: intent.id, clientSecret: intent.client_secret ?? null };
    case 'processing':
      return { status: 'pending', reference: intent.id, clientSecret: null };
    case 'requires_payment_method':
      return { status: 'declined', reference: intent.id, declineCode: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'card_declined' };
    default:
      // requires_capture, canceled…: never what a PaymentIntent captured at once becomes.
      throw new ProviderRequestError(200, `PaymentIntent ${intent.id} for ${request.orderNumber} is ${intent.status}`);
  }
}

/** The part of a Stripe event the billing webhook reads. */
export interface StripeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: PaymentIntent };
}
