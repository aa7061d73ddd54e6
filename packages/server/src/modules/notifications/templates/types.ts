// What each notification email needs, one variant per template kind (SPEC §4, §7, §8, §9).
//
// The inputs carry already-decided facts (dates computed by @licentia/core's lifecycle rules,
// amounts in minor units, absolute URLs), never policies: a template only words what the
// domain decided, so a plan with other lifecycle numbers needs no template change.
//
// Dates are civil dates 'YYYY-MM-DD' in the organization's time zone (SPEC §4), never instants:
// "your subscription ends on 21 November" must mean the same calendar day to the customer
// whatever zone the server runs in.
import type { CustomerRole } from '../../../auth/roles.ts';

export type EmailLanguage = 'ja' | 'en';

/**
 * Reminders may be switched off by the recipient (SPEC §4 "Recipients may opt out of
 * reminders, not of transactional mail"); transactional mail is always sent.
 */
export type EmailCategory = 'transactional' | 'reminder';

/** A civil date 'YYYY-MM-DD' in the organization's time zone. */
export type CivilDate = string;

/** An amount in integer minor units of an ISO 4217 currency (¥12,100 → 12100 JPY; $1.50 → 150 USD). */
export type Money = Readonly<{ amount: number; currency: string }>;

/** Fields every mail has. */
export type CommonFields = Readonly<{
  /** The customer organization the mail is about (also for mails to its partner). */
  organizationName: string;
  /** IANA zone of the organization (from its country; Japan: Asia/Tokyo). Every date is in it. */
  timeZone: string;
  /** The recipient's display name; the greeting falls back to a generic one without it. */
  recipientName?: string | undefined;
  /** Where the recipient acts: the subscription's page in the portal, the order, … (http/https). */
  portalUrl: string;
}>;

/** A subscription as mails name it. */
export type SubscriptionSummary = Readonly<{
  productName: string;
  planName: string;
  seats: number;
  /** Last day of the (current) term, E. */
  endDate: CivilDate;
}>;

/** What a purchase or redemption did to a subscription (SPEC §2 key kinds, §8 order effects). */
export type SubscriptionChangeKind = 'subscription' | 'add_seats' | 'renewal' | 'trial';

export type SubscriptionChange = SubscriptionSummary &
  Readonly<{
    change: SubscriptionChangeKind;
    /** First day of the term (new subscription, trial, renewal) or from which added seats count. */
    startDate: CivilDate;
    /** For `add_seats`: the seats added (`seats` is the subscription's total after the change). */
    seatsAdded?: number | undefined;
    /** Product keys are shown only by their last 5 characters (SPEC §2 "Storage"). */
    keyLastFive?: string | undefined;
  }>;

/** Roles a partner may be offered (SPEC §7 "named roles"): the customer's administrative roles. */
export type DelegatedRole = Exclude<CustomerRole, 'member'>;

type Kind<K extends string, T> = Readonly<{ kind: K }> & CommonFields & T;

/**
 * A renewal reminder, 60/30/7/1 days before E. Auto-renew decides what the customer must do:
 * renew by hand before E, or nothing (and how to stop the automatic renewal).
 */
export type RenewalReminderInput = Kind<
  'renewal_reminder',
  Readonly<{
    /** Which reminder this is (the sweeper's once-per-term key); the wording uses `today`. */
    daysBefore: 60 | 30 | 7 | 1;
    /**
     * The organization-local day the mail is written, on or before E. The sweeper may send a
     * reminder late (catch-up rule in core/lifecycle/reminders.ts), so "N days left" and
     * whether the auto-renew cut-off has passed are computed from this, not from `daysBefore`.
     */
    today: CivilDate;
    subscription: SubscriptionSummary;
    /** First day users lose access if nothing is renewed (E+1 when the plan has no grace). */
    disabledFrom: CivilDate;
    /** The recipient's reminder settings (the unsubscribe link of SPEC §4's opt-out). */
    preferencesUrl: string;
  }> &
    (
      | Readonly<{ autoRenew: false }>
      | Readonly<{
          autoRenew: true;
          /** Last day on which turning auto-renew off still takes effect (E − 30 by default). */
          autoRenewCutoffDate: CivilDate;
          /** Length of the cancellation-with-refund window after the renewal (168 h by default). */
          cancellationWindowHours: number;
        }>
    )
>;

/** Entered grace (state `expired`, E+1): everything works until `disabledFrom`. */
export type SubscriptionExpiredInput = Kind<
  'subscription_expired',
  Readonly<{ subscription: SubscriptionSummary; disabledFrom: CivilDate }>
>;

/** Became `disabled`: users lost access; admins keep the data until `deletedFrom`. */
export type SubscriptionDisabledInput = Kind<
  'subscription_disabled',
  Readonly<{ subscription: SubscriptionSummary; disabledFrom: CivilDate; deletedFrom: CivilDate }>
>;

/** Data will be deprovisioned on `deletedFrom`; renewing before then keeps it. */
export type SubscriptionDeletionSoonInput = Kind<
  'subscription_deletion_soon',
  Readonly<{ subscription: SubscriptionSummary; deletedFrom: CivilDate }>
>;

/** Renewed from `expired`/`disabled`: usable again; `subscription.endDate` is the new term's end. */
export type SubscriptionReactivatedInput = Kind<
  'subscription_reactivated',
  Readonly<{ subscription: SubscriptionSummary; termStartDate: CivilDate }>
>;

/**
 * Cancelled inside a purchase's or renewal's 168-hour window (SPEC §4): users lost access on
 * `cancelledOn`; administrators keep the data until the day before `deletedFrom`. `refund` is
 * what goes back to the payment used; what a product key bought is refunded by its seller
 * (`byKey`: some of what was given back came from a key).
 */
export type SubscriptionCancelledInput = Kind<
  'subscription_cancelled',
  Readonly<{ subscription: SubscriptionSummary; cancelledOn: CivilDate; deletedFrom: CivilDate; refund: Money; byKey: boolean }>
>;

export type RedemptionConfirmedInput = Kind<
  'redemption_confirmed',
  Readonly<{
    redeemedOn: CivilDate;
    changes: readonly [SubscriptionChange, ...SubscriptionChange[]];
    /** The organization was created by this redemption (its first administrator gets this mail). */
    newOrganization: boolean;
    /** Set when a partner redeemed on the customer's behalf (SPEC §3). */
    partnerName?: string | undefined;
  }>
>;

export type PaymentCompletedInput = Kind<
  'payment_completed',
  Readonly<{
    orderNumber: string;
    paidOn: CivilDate;
    amountPaid: Money;
    method: 'card' | 'bank_transfer';
    changes: readonly [SubscriptionChange, ...SubscriptionChange[]];
  }>
>;

export type InvoiceIssuedInput = Kind<
  'invoice_issued',
  Readonly<{
    invoiceNumber: string;
    issuedOn: CivilDate;
    orderNumber: string;
    /** The invoice total including tax (the per-rate breakdown is on the PDF). */
    total: Money;
    /** The issuer (the vendor) as printed on the qualified invoice. */
    issuerName: string;
    /** Where the PDF is downloaded (behind sign-in; never an attachment with personal data). */
    invoiceUrl: string;
    subscriptions: readonly [SubscriptionSummary, ...SubscriptionSummary[]];
  }>
>;

/** To the customer's global admins: a partner offers to administer (SPEC §7). */
export type DelegatedAdminOfferInput = Kind<
  'delegated_admin_offer',
  Readonly<{
    partnerName: string;
    partnerId: string;
    roles: readonly [DelegatedRole, ...DelegatedRole[]];
    /** 1 day to 2 years, counted from acceptance (access begins only then). */
    durationDays: number;
    /** The 180-day auto-extension (never with global_admin; the offer is validated upstream). */
    autoExtend: boolean;
    acceptUrl: string;
    /** Last day the link can be used, if offers expire. */
    acceptBy?: CivilDate | undefined;
  }>
>;

/** Who reads a delegated-admin notice: the customer's admins or the partner's. */
export type DelegationAudience = 'customer' | 'partner';

export type DelegatedAdminExpiringInput = Kind<
  'delegated_admin_expiring',
  Readonly<{
    audience: DelegationAudience;
    /** Which notice this is; the wording uses `today` (a notice may go out late). */
    daysBefore: 30 | 7 | 1;
    /** The organization-local day the mail is written, on or before `endDate`. */
    today: CivilDate;
    partnerName: string;
    roles: readonly [DelegatedRole, ...DelegatedRole[]];
    /** Last day of access. */
    endDate: CivilDate;
    /** Set when the 180-day auto-extension is on: access then continues to this day. */
    extendedUntil?: CivilDate | undefined;
  }>
>;

/** To both sides: the customer's global admin accepted; access runs from `acceptedOn` through `endDate`. */
export type DelegatedAdminAcceptedInput = Kind<
  'delegated_admin_accepted',
  Readonly<{
    audience: DelegationAudience;
    partnerName: string;
    roles: readonly [DelegatedRole, ...DelegatedRole[]];
    acceptedOn: CivilDate;
    /** Last day of access. */
    endDate: CivilDate;
    /** The 180-day auto-extension is on. */
    autoExtend: boolean;
  }>
>;

export type DelegatedAdminEndedInput = Kind<
  'delegated_admin_ended',
  Readonly<{
    audience: DelegationAudience;
    partnerName: string;
    reason: 'expired' | 'ended_by_customer' | 'ended_by_partner';
    endedOn: CivilDate;
  }>
>;

export type EmailMessageInput =
  | RenewalReminderInput
  | SubscriptionExpiredInput
  | SubscriptionDisabledInput
  | SubscriptionDeletionSoonInput
  | SubscriptionReactivatedInput
  | SubscriptionCancelledInput
  | RedemptionConfirmedInput
  | PaymentCompletedInput
  | InvoiceIssuedInput
  | DelegatedAdminOfferInput
  | DelegatedAdminAcceptedInput
  | DelegatedAdminExpiringInput
  | DelegatedAdminEndedInput;

export type EmailKind = EmailMessageInput['kind'];

export type RenderedEmail = Readonly<{
  subject: string;
  text: string;
  html: string;
  category: EmailCategory;
}>;
