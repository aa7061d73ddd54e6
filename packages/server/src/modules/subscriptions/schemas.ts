// What the subscription routes say, as TypeBox schemas; the TypeScript types are derived from
// them (never declared twice) and exported for the SDK and the portal.
import { Type, type Static, type TSchema } from 'typebox';
import { SUBSCRIPTION_STATES } from '@licentia/core/lifecycle';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';

export const CivilDate = Type.String({ format: 'date', description: "A civil date in the organization's time zone" });
function Nullable<T extends TSchema>(schema: T, description?: string) {
  return Type.Union([schema, Type.Null()], description ? { description } : {});
}
const Names = Type.Object({ en: Type.String(), ja: Type.String() });

export const MoneySchema = Type.Object({
  amountMinor: Type.Integer({ description: "In the currency's minor unit (ISO 4217 digits: JPY has none, USD 2)" }),
  currency: Type.String({ description: 'ISO 4217' }),
  amount: Type.String({ description: 'The same in major units, as an exact decimal' }),
});
export type Money = Static<typeof MoneySchema>;

export const CHANGE_KINDS = ['purchase', 'renewal', 'seat_addition', 'trial'] as const;
export const NEXT_EVENTS = ['renews', 'expires', 'access_ends', 'data_deleted'] as const;

export const ChangeSchema = Type.Object({
  id: Type.String(),
  kind: OneOf(CHANGE_KINDS),
  seats: Type.Integer({ description: 'Seats bought by this change (for a seat addition: the seats added)' }),
  termStart: CivilDate,
  termEnd: CivilDate,
  orderedAt: Instant,
  source: OneOf(['key', 'order'] as const, { description: 'key: redeemed product key (paid to the seller); order: bought here' }),
  productKeyId: Nullable(Type.String()),
  paid: MoneySchema,
  cancellation: Type.Object({
    closesAt: Instant,
    cancellable: Type.Boolean({ description: 'Whether it can be cancelled with a refund now' }),
    cancelledAt: Nullable(Instant),
    refund: Nullable(MoneySchema),
  }),
});
export type ChangeView = Static<typeof ChangeSchema>;

export const SubscriptionSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  plan: Type.Object({ id: Type.String(), sku: Type.String(), name: Names, termMonths: Type.Integer(), category: Type.String() }),
  product: Type.Object({ id: Type.String(), name: Names }),
  seats: Type.Integer(),
  trial: Type.Boolean(),
  timeZone: Type.String({ description: 'The time zone its civil dates are days of' }),
  startDate: CivilDate,
  endDate: CivilDate,
  state: OneOf(SUBSCRIPTION_STATES, { description: "Derived from the dates, the plan's lifecycle policy and today" }),
  cancelledOn: Nullable(CivilDate),
  autoRenew: Type.Boolean(),
  autoRenewCutoff: Nullable(CivilDate, 'The last day on which turning auto-renew off takes effect; null for trials, which never renew'),
  billingMode: OneOf(['key', 'direct'] as const),
  successorSubscriptionId: Nullable(Type.String(), 'The direct-billed subscription this one was switched to; null if it was not'),
  partnerOrganizationId: Nullable(Type.String()),
  next: Nullable(Type.Object({ state: OneOf(SUBSCRIPTION_STATES), on: CivilDate }), 'The next change of state (at local midnight of `on`); null once deleted'),
  nextEvent: Nullable(
    Type.Object({ event: OneOf(NEXT_EVENTS), on: CivilDate }),
    'What happens next: renews (auto-renew), expires (grace begins; everything still works), access_ends (users lose access), data_deleted',
  ),
  changes: Type.Array(ChangeSchema, { description: 'Purchases, renewals and seat additions, oldest first, each with its own cancellation window' }),
});
export type SubscriptionView = Static<typeof SubscriptionSchema>;

export const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
export const SubscriptionParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), subscriptionId: Type.String({ maxLength: 64 }) });
export const ChangeParams = StrictObject({
  organizationId: Type.String({ maxLength: 64 }),
  subscriptionId: Type.String({ maxLength: 64 }),
  changeId: Type.String({ maxLength: 64 }),
});

export const Confirm = Type.Literal(true, { description: 'The explicit confirmation' });
export const Seats = Type.Integer({ minimum: 1, maximum: 10_000_000, examples: [1] });
export const ExpectedAmount = Type.Integer({
  minimum: 0,
  description: 'The amount of the quote you showed; if the price is different now (another day), nothing is done and PRICE_CHANGED answers with it',
});
