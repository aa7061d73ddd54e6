// What the delegated administration routes say, as TypeBox schemas (types derived from them).
import { Type, type Static } from 'typebox';
import { DELEGABLE_ROLES, DELEGATION_MAX_DAYS, DELEGATION_MIN_DAYS } from '@licentia/core/partners';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';

const CivilDate = Type.String({ format: 'date', description: "A civil date in the customer organization's time zone" });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const END_REASONS = ['declined', 'withdrawn', 'offer_expired', 'terminated_by_customer', 'terminated_by_partner', 'expired'] as const;

export const DelegationSchema = Type.Object({
  id: Type.String(),
  customer: Type.Object({ organizationId: Type.String(), name: Type.String(), timeZone: Type.String() }),
  partner: Type.Object({ organizationId: Type.String(), partnerId: Type.String(), name: Type.String() }),
  roles: Type.Array(OneOf(DELEGABLE_ROLES), { description: "The customer roles the partner's admins and agents act with" }),
  durationDays: Type.Integer(),
  autoExtend: Type.Boolean({ description: 'Extended by 180 days each time it would end, until either side ends it' }),
  status: OneOf(['offered', 'active', 'ended'] as const, { description: 'offered: waiting for a global admin of the customer; active: the partner may act; ended: see endReason' }),
  endReason: Type.Union([OneOf(END_REASONS), Type.Null()]),
  offeredAt: Instant,
  acceptBy: CivilDate,
  acceptedAt: Nullable(Instant),
  termStart: Nullable(CivilDate),
  endDate: Nullable(CivilDate),
  endsAt: Nullable(Instant),
  extensions: Type.Integer({ description: 'How many times the 180-day auto-extension has extended it' }),
  endedAt: Nullable(Instant),
});
export type DelegationView = Static<typeof DelegationSchema>;

export const OfferBody = StrictObject({
  customerOrganizationId: Type.String({ maxLength: 64, description: 'The customer organization (its id, as its administrator gave it to you)' }),
  roles: Type.Array(OneOf(DELEGABLE_ROLES), { minItems: 1, maxItems: DELEGABLE_ROLES.length, uniqueItems: true, examples: [['billing_admin', 'license_admin']] }),
  durationDays: Type.Integer({ minimum: DELEGATION_MIN_DAYS, maximum: DELEGATION_MAX_DAYS, description: '1 day to 2 years (730 days), counted from the day after acceptance', examples: [365] }),
  autoExtend: Type.Optional(Type.Boolean({ default: false, description: 'Extend by 180 days each time it would end; not allowed with global_admin' })),
});

export const AcceptBody = StrictObject({ token: Type.String({ minLength: 1, maxLength: 200, description: 'The token of the emailed acceptance link' }) });

export const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
export const DelegationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), delegationId: Type.String({ maxLength: 64 }) });
