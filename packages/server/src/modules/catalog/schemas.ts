// The catalog's contract (SPEC §1): products, and their plans (SKUs) with price, term, who may
// buy them where, and the lifecycle parameters their subscriptions follow. The types other
// modules use are derived from these schemas, so they are written once.
import { Type, type Static } from 'typebox';
import { PLAN_CATEGORIES, TERM_MONTHS, type LifecyclePolicy, type TermMonths } from '@licentia/core/lifecycle';
import { TAX_RATE_PERCENT, type TaxRate } from '@licentia/core/money';
import { Instant, OneOf, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { CountryCode, SEGMENTS } from '../organizations/schemas.ts';

/** SPEC §1: the default and the ceiling of seats in one subscription. */
export const MAX_SEATS_PER_SUBSCRIPTION = 10_000_000;
export const MAX_TRIAL_DAYS = 365;
/** A bound against typos (50000 for 5), far above any real device allowance. */
export const MAX_DEVICES_PER_SEAT = 1_000;
export const TAX_CLASSES = Object.keys(TAX_RATE_PERCENT) as TaxRate[];

const Name = Type.String({ minLength: 1, maxLength: 200 });
const NameWithExample = (example: string) => Type.String({ minLength: 1, maxLength: 200, examples: [example] });

export const LocalizedName = Type.Object({ en: Name, ja: Name });

export const ProductSchema = Type.Object({
  id: Type.String(),
  name: LocalizedName,
  createdAt: Instant,
  updatedAt: Instant,
});
export type Product = Static<typeof ProductSchema>;

export const TermMonthsSchema = Type.Unsafe<TermMonths>({ type: 'integer', enum: [...TERM_MONTHS], description: 'The length of one term: 1, 12 or 36 months' });

export const LifecyclePolicySchema = Type.Object(
  {
    graceDays: Type.Integer({ description: '`expired` (grace, everything works) lasts E+1 … E+graceDays; 0 = no grace' }),
    disabledDays: Type.Integer({ description: '`disabled` (users lose access) lasts the next disabledDays days; then `deleted`' }),
    cancelledRetentionDays: Type.Integer({ description: 'Days a cancelled subscription\'s data is kept' }),
    renewalWindowDays: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Consumer plans: renewable this many days after E. null: renewable until deleted',
    }),
    autoRenewCutoffDays: Type.Integer({ description: 'Turning auto-renew off takes effect only on or before E − this many days' }),
    autoRenewByDefault: Type.Boolean({ description: 'For commercial and personal organizations (government and education always opt in)' }),
    cancellationWindowHours: Type.Integer({ description: 'Each cancellation-with-refund window, in exact hours' }),
    reminderDays: Type.Array(Type.Integer(), { maxItems: 20, description: 'Renewal reminders, in days before E' }),
  },
  { description: 'Lifecycle parameters (SPEC §4). Ranges are checked by the lifecycle rules themselves.' },
);

// The schema and core's LifecyclePolicy must describe the same object: a field added to one
// and not the other fails the type check on this line.
type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const LIFECYCLE_SCHEMA_MATCHES_CORE: Same<Static<typeof LifecyclePolicySchema>, Mutable<LifecyclePolicy>> = true;

export const PlanSchema = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  sku: Type.String({ description: 'Unique stock-keeping unit, upper case; never changes' }),
  name: LocalizedName,
  termMonths: TermMonthsSchema,
  price: Type.Object({
    amountMinor: Type.Integer({ description: 'Per seat per term, in the currency\'s minor unit (ISO 4217 digits: JPY has none, USD 2)' }),
    currency: Type.String({ description: 'ISO 4217' }),
    amount: Type.String({ description: 'amountMinor in major units as an exact decimal (1999 USD → "19.99", 15000 JPY → "15000")' }),
  }),
  taxClass: OneOf(TAX_CLASSES, { description: 'standard: 10 %, reduced: 8 %' }),
  category: OneOf(PLAN_CATEGORIES),
  segments: Type.Array(OneOf(SEGMENTS), { description: 'The kinds of organization that may buy it' }),
  countries: Type.Array(Type.String(), { description: 'ISO 3166-1 alpha-2 codes where it is sold' }),
  devicesPerSeat: Type.Integer(),
  maxSeatsPerSubscription: Type.Integer(),
  trialDays: Type.Union([Type.Integer(), Type.Null()], { description: 'Trial plans only' }),
  lifecycle: LifecyclePolicySchema,
  active: Type.Boolean({ description: 'Inactive plans are no longer sold; what was sold is honoured' }),
  createdAt: Instant,
  updatedAt: Instant,
});
/** A plan as other modules see it (getPlan), with its policy, segments and countries parsed. */
export type Plan = Static<typeof PlanSchema>;
export type PlanCategory = Plan['category'];
export type PlanSegment = Plan['segments'][number];

// Requests.

export const ProductParams = StrictObject({ productId: Type.String({ maxLength: 64 }) });
export const PlanParams = StrictObject({ planId: Type.String({ maxLength: 64 }) });

export const CreateProductBody = StrictObject({
  name: StrictObject({ en: NameWithExample('Office Business'), ja: NameWithExample('オフィス ビジネス') }),
});

const NamePatch = StrictObject({ en: Type.Optional(Name), ja: Type.Optional(Name) });

export const UpdateProductBody = StrictObject({ name: Type.Optional(NamePatch) });

const PriceInput = StrictObject({
  amountMinor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units: 1999 USD is $19.99; 15000 JPY is ¥15,000', examples: [15000] }),
  currency: Type.String({ minLength: 3, maxLength: 3, description: 'ISO 4217', examples: ['JPY'] }),
});

export const LifecycleChanges = Type.Partial(LifecyclePolicySchema, {
  additionalProperties: false,
  description: 'Only the parameters that differ: merged over the defaults (on create) or the plan\'s current policy (on update)',
});

const PlanFields = {
  taxClass: OneOf(TAX_CLASSES, { description: 'standard (10 %, the default) or reduced (8 %)' }),
  category: OneOf(PLAN_CATEGORIES, { description: 'Default: standard' }),
  segments: Type.Array(OneOf(SEGMENTS), { minItems: 1, uniqueItems: true, description: 'Default: all four' }),
  countries: Type.Array(CountryCode, { minItems: 1, maxItems: 250, description: "Default: the vendor organization's country" }),
  devicesPerSeat: Type.Integer({ minimum: 1, maximum: MAX_DEVICES_PER_SEAT, description: 'Default: 1' }),
  maxSeatsPerSubscription: Type.Integer({ minimum: 1, maximum: MAX_SEATS_PER_SUBSCRIPTION, description: `Default: ${MAX_SEATS_PER_SUBSCRIPTION}` }),
  trialDays: Type.Integer({ minimum: 1, maximum: MAX_TRIAL_DAYS, description: 'Required for trial plans, refused for others' }),
  lifecycle: LifecycleChanges,
};

export const CreatePlanBody = StrictObject({
  sku: Type.String({ minLength: 1, maxLength: 64, description: 'Letters, digits and - _ . ; stored upper case', examples: ['OFFICE-BIZ-1Y'] }),
  name: Type.Optional(StrictObject({ en: Name, ja: Name }, { description: 'Default: the product\'s name and the term, e.g. "Office Business (1 year)"' })),
  termMonths: TermMonthsSchema,
  price: PriceInput,
  taxClass: Type.Optional(PlanFields.taxClass),
  category: Type.Optional(PlanFields.category),
  segments: Type.Optional(PlanFields.segments),
  countries: Type.Optional(PlanFields.countries),
  devicesPerSeat: Type.Optional(PlanFields.devicesPerSeat),
  maxSeatsPerSubscription: Type.Optional(PlanFields.maxSeatsPerSubscription),
  trialDays: Type.Optional(PlanFields.trialDays),
  lifecycle: Type.Optional(PlanFields.lifecycle),
});
export type CreatePlanInput = Static<typeof CreatePlanBody>;

export const UpdatePlanBody = StrictObject(
  {
    name: Type.Optional(NamePatch),
    termMonths: Type.Optional(TermMonthsSchema),
    price: Type.Optional(PriceInput),
    taxClass: Type.Optional(PlanFields.taxClass),
    category: Type.Optional(PlanFields.category),
    segments: Type.Optional(PlanFields.segments),
    countries: Type.Optional(PlanFields.countries),
    devicesPerSeat: Type.Optional(PlanFields.devicesPerSeat),
    maxSeatsPerSubscription: Type.Optional(PlanFields.maxSeatsPerSubscription),
    trialDays: Type.Optional(Type.Union([PlanFields.trialDays, Type.Null()], { description: 'null removes it (when the plan stops being a trial)' })),
    lifecycle: Type.Optional(PlanFields.lifecycle),
  },
  { description: 'Only the fields to change. The SKU and the product never change; once keys or subscriptions of the plan exist, neither do its term, category, trial length, currency or lifecycle.' },
);
export type UpdatePlanInput = Static<typeof UpdatePlanBody>;

export const PlanListQuery = StrictObject({
  ...PaginationQuery.properties,
  productId: Type.Optional(Type.String({ maxLength: 64 })),
  active: Type.Optional(Type.Boolean()),
  sku: Type.Optional(Type.String({ maxLength: 64, description: 'Exact SKU (any case)' })),
});
