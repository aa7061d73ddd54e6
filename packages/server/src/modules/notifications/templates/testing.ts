// Test support only: one realistic input per template kind (plus variants), so the tests can
// render "every template in both languages" from a single list, and a new kind without a
// sample fails the completeness test.
import type { EmailKind, EmailMessageInput, SubscriptionSummary } from './types.ts';

export const ORG = '株式会社サンプル商事';
export const PRODUCT = 'Office Business';
export const END_DATE = '2026-11-21'; // a Saturday
export const PORTAL = 'https://portal.example.jp/subscriptions/sub_123';
export const PREFERENCES = 'https://portal.example.jp/settings/email';

const common = { organizationName: ORG, timeZone: 'Asia/Tokyo', portalUrl: PORTAL, recipientName: '山田 太郎' } as const;
const subscription: SubscriptionSummary = { productName: PRODUCT, planName: '1年', seats: 25, endDate: END_DATE };

const change = {
  ...subscription,
  change: 'subscription',
  startDate: '2025-11-22',
  keyLastFive: 'BCD23',
} as const;

/** Per kind, typed by kind, so a test can spread a sample and override its own fields. */
export type Samples = { readonly [K in EmailKind]: readonly [Extract<EmailMessageInput, { kind: K }>, ...Extract<EmailMessageInput, { kind: K }>[]] };

export const SAMPLES: Samples = {
  renewal_reminder: [
    {
      ...common, kind: 'renewal_reminder', daysBefore: 7, today: '2026-11-14', subscription,
      disabledFrom: '2026-12-22', preferencesUrl: PREFERENCES, autoRenew: false,
    },
    {
      ...common, kind: 'renewal_reminder', daysBefore: 60, today: '2026-09-22', subscription,
      disabledFrom: '2026-12-22', preferencesUrl: PREFERENCES,
      autoRenew: true, autoRenewCutoffDate: '2026-10-22', cancellationWindowHours: 168,
    },
    {
      ...common, kind: 'renewal_reminder', daysBefore: 1, today: '2026-11-20', subscription,
      disabledFrom: '2026-12-22', preferencesUrl: PREFERENCES,
      autoRenew: true, autoRenewCutoffDate: '2026-10-22', cancellationWindowHours: 168,
    },
  ],
  subscription_expired: [{ ...common, kind: 'subscription_expired', subscription, disabledFrom: '2026-12-22' }],
  subscription_disabled: [
    { ...common, kind: 'subscription_disabled', subscription, disabledFrom: '2026-12-22', deletedFrom: '2027-03-22' },
  ],
  subscription_deletion_soon: [{ ...common, kind: 'subscription_deletion_soon', subscription, deletedFrom: '2027-03-22' }],
  subscription_reactivated: [{ ...common, kind: 'subscription_reactivated', subscription, termStartDate: '2025-11-22' }],
  subscription_cancelled: [
    { ...common, kind: 'subscription_cancelled', subscription, cancelledOn: '2025-11-25', deletedFrom: '2026-02-23', refund: { amount: 370_000, currency: 'JPY' }, byKey: false },
    { ...common, kind: 'subscription_cancelled', subscription, cancelledOn: '2025-11-25', deletedFrom: '2026-02-23', refund: { amount: 0, currency: 'JPY' }, byKey: true },
  ],
  redemption_confirmed: [
    { ...common, kind: 'redemption_confirmed', redeemedOn: '2025-11-22', changes: [change], newOrganization: true },
    {
      ...common, kind: 'redemption_confirmed', redeemedOn: '2025-12-01', newOrganization: false, partnerName: 'パートナー販売株式会社',
      changes: [{ ...change, change: 'add_seats', seats: 30, seatsAdded: 5, startDate: '2025-12-01' }],
    },
  ],
  payment_completed: [
    {
      ...common, kind: 'payment_completed', orderNumber: 'WB-20251121093015-000000123', paidOn: '2025-11-21',
      amountPaid: { amount: 12100, currency: 'JPY' }, method: 'card', changes: [change],
    },
  ],
  invoice_issued: [
    {
      ...common, kind: 'invoice_issued', invoiceNumber: 'INV-2025-000042', issuedOn: '2025-11-21',
      orderNumber: 'WB-20251121093015-000000123', total: { amount: 12100, currency: 'JPY' },
      issuerName: 'サンプルソフトウェア株式会社', invoiceUrl: 'https://portal.example.jp/invoices/INV-2025-000042.pdf',
      subscriptions: [subscription],
    },
  ],
  delegated_admin_offer: [
    {
      ...common, kind: 'delegated_admin_offer', partnerName: 'パートナー販売株式会社', partnerId: 'P-104233',
      roles: ['billing_admin', 'license_admin'], durationDays: 365, autoExtend: true,
      acceptUrl: 'https://portal.example.jp/delegations/dl_9/accept?token=abc', acceptBy: END_DATE,
    },
  ],
  delegated_admin_accepted: [
    {
      ...common, kind: 'delegated_admin_accepted', audience: 'customer', partnerName: 'パートナー販売株式会社',
      roles: ['billing_admin', 'license_admin'], acceptedOn: '2025-11-21', endDate: END_DATE, autoExtend: true,
    },
    {
      ...common, kind: 'delegated_admin_accepted', audience: 'partner', partnerName: 'パートナー販売株式会社',
      roles: ['global_admin'], acceptedOn: '2026-11-20', endDate: END_DATE, autoExtend: false,
    },
  ],
  delegated_admin_expiring: [
    {
      ...common, kind: 'delegated_admin_expiring', audience: 'customer', daysBefore: 30, today: '2026-10-22',
      partnerName: 'パートナー販売株式会社', roles: ['license_admin'], endDate: END_DATE,
    },
    {
      ...common, kind: 'delegated_admin_expiring', audience: 'partner', daysBefore: 7, today: '2026-11-14',
      partnerName: 'パートナー販売株式会社', roles: ['license_admin'], endDate: END_DATE, extendedUntil: '2027-05-20',
    },
  ],
  delegated_admin_ended: [
    {
      ...common, kind: 'delegated_admin_ended', audience: 'customer', partnerName: 'パートナー販売株式会社',
      reason: 'ended_by_partner', endedOn: END_DATE,
    },
    {
      ...common, kind: 'delegated_admin_ended', audience: 'partner', partnerName: 'パートナー販売株式会社',
      reason: 'expired', endedOn: END_DATE,
    },
  ],
};

export const ALL_SAMPLES: readonly EmailMessageInput[] = Object.values(SAMPLES).flat() as EmailMessageInput[];

/**
 * The same input with every free-text field (names of people, organizations, products,
 * plans, partners, the issuer) set to `value`: what the escaping property test attacks.
 */
export function withNames(input: EmailMessageInput, value: string): EmailMessageInput {
  const named = { ...input, organizationName: value, recipientName: value } as EmailMessageInput;
  const rename = <T extends object>(o: T): T =>
    'productName' in o ? { ...o, productName: value, planName: value } : o;
  const out: Record<string, unknown> = { ...named };
  for (const [k, v] of Object.entries(named)) {
    if (k === 'partnerName' || k === 'issuerName' || k === 'partnerId') out[k] = value;
    else if (k === 'subscription' && typeof v === 'object' && v !== null) out[k] = rename(v);
    else if ((k === 'changes' || k === 'subscriptions') && Array.isArray(v)) out[k] = v.map((x: object) => rename(x));
  }
  return out as EmailMessageInput;
}
