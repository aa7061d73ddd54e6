// A card provider for development and tests, the default: it charges nothing anywhere and
// answers by the payment method's name, using Stripe's test card names so the same tokens work
// against Stripe's test mode: `pm_card_chargeDeclined` and `pm_card_visa_chargeDeclinedInsufficientFunds`
// are declined, `pm_card_authenticationRequired` wants authentication, anything else succeeds.
// Its references derive from the idempotency key, so a retry of an attempt gets the same one,
// as the real provider answers.
import { createHash } from 'node:crypto';
import type { CardProvider, ChargeOutcome, ChargeRequest, RefundOutcome, RefundRequest } from './card-provider.ts';

const DECLINES: Readonly<Record<string, string>> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_visa_chargeDeclinedInsufficientFunds: 'insufficient_funds',
};
const AUTHENTICATION_REQUIRED = 'pm_card_authenticationRequired';

/** The payment methods a developer can pay with here, and how each ends (the portal offers them). */
export const TEST_PAYMENT_METHODS: readonly { id: string; outcome: 'succeeded' | 'declined' | 'authentication_required' }[] = [
  { id: 'pm_card_visa', outcome: 'succeeded' },
  ...Object.keys(DECLINES).map((id) => ({ id, outcome: 'declined' as const })),
  { id: AUTHENTICATION_REQUIRED, outcome: 'authentication_required' },
];

function reference(prefix: string, key: string): string {
  return `${prefix}_test_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

export class TestCardProvider implements CardProvider {
  readonly name = 'test' as const;

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const id = reference('pi', request.idempotencyKey);
    const decline = DECLINES[request.paymentMethod];
    if (decline) return { status: 'declined', reference: id, declineCode: decline };
    if (request.paymentMethod === AUTHENTICATION_REQUIRED) return { status: 'pending', reference: id, clientSecret: `${id}_secret_test` };
    return { status: 'succeeded', reference: id, amountMinor: request.amountMinor, currency: request.currency };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    return { status: 'succeeded', reference: reference('re', request.idempotencyKey) };
  }
}
