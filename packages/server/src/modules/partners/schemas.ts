// What the partner routes say, as TypeBox schemas (types derived from them, never restated).
import { Type, type Static } from 'typebox';
import { formatPartnerId } from '@licentia/core/partners';
import { Instant, StrictObject } from '../../http/schemas.ts';
import { SubscriptionSchema } from '../subscriptions/schemas.ts';
import type { Partner } from './store.ts';

export const PartnerIdText = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'A partner ID, 10 digits (1234-5678-90); any grouping and full-width digits are accepted',
  examples: ['1234-5678-90'],
});

/** What anyone signed in may learn of a partner: enough to confirm it is the one meant. */
export const PartnerSummarySchema = Type.Object({
  partnerId: Type.String({ description: 'The partner ID, formatted 1234-5678-90' }),
  name: Type.String(),
  country: Type.String(),
});
export type PartnerSummary = Static<typeof PartnerSummarySchema>;

export const PartnerProfileSchema = Type.Object({
  organizationId: Type.String(),
  partnerId: Type.String({ description: 'Give it to customers: they name you as partner of record with it' }),
  name: Type.String(),
  country: Type.String(),
  delegatedAdmin: Type.Object({
    enrolled: Type.Boolean({ description: 'Whether the partner may offer delegated administration' }),
    enrolledAt: Type.Union([Instant, Type.Null()]),
  }),
});
export type PartnerProfile = Static<typeof PartnerProfileSchema>;

export const PartnerIdParams = StrictObject({ partnerId: PartnerIdText });
export const EnrollmentBody = StrictObject({ enrolled: Type.Boolean({ examples: [true] }) });

export const PartnerOfRecordSchema = Type.Object({
  subscriptionId: Type.String(),
  partner: Type.Union([PartnerSummarySchema, Type.Null()], { description: 'null: no partner of record' }),
});
export const PartnerOfRecordBody = StrictObject({ partnerId: PartnerIdText });

export const CustomerSchema = Type.Object({
  organizationId: Type.String(),
  name: Type.String(),
  country: Type.String(),
  timeZone: Type.String(),
  subscriptionsOfRecord: Type.Integer({ description: 'Subscriptions of this customer naming you partner of record' }),
  delegation: Type.Union(
    [
      Type.Object({
        id: Type.String(),
        status: Type.String({ description: 'offered or active; ended for an offer past its deadline or an access past its end that the sweeper has yet to record' }),
        roles: Type.Array(Type.String()),
        endDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'The open delegated administration relationship with this customer, if any' },
  ),
});

export const CustomerSubscriptionSchema = Type.Object({
  customer: Type.Object({ organizationId: Type.String(), name: Type.String() }),
  subscription: SubscriptionSchema,
});

export function toPartnerSummary(partner: Partner): PartnerSummary {
  return { partnerId: formatPartnerId(partner.partnerId), name: partner.name, country: partner.country };
}

export function toPartnerProfile(partner: Partner): PartnerProfile {
  return {
    organizationId: partner.organizationId,
    ...toPartnerSummary(partner),
    delegatedAdmin: { enrolled: partner.delegatedAdminEnrolledAt !== null, enrolledAt: partner.delegatedAdminEnrolledAt },
  };
}
