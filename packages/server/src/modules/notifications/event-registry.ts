// Which outbox events become mail, to whom, with which template. Every event, listed here or
// not, also goes to the webhook endpoints whose filter matches it; an event type missing from
// this table (a new one, or one of a later issue) is webhooks-only until it is added.
//
// Webhooks-only on purpose:
// - subscription.created / seats_added / renewed: a customer learns of them from the mail of
//   what caused them (redemption.completed, later payment.completed), which names every
//   subscription it changed; a second mail per subscription would repeat it.
// - subscription.deleted: the "deleted soon" notice came before it; after deletion there is
//   nothing left to act on.
// - subscription.auto_renewed: a direct-billed one is announced by its order's mail (billing); a
//   key-billed one by the renewal reminders before it. subscription.seats_removed: the
//   cancellation of a seat addition its administrator just made (the API answer says it all).
import type { EmailKind } from './templates/index.ts';
import { emailCategory, type EmailCategory } from './templates/index.ts';
import {
  buildRedemptionConfirmed,
  buildRenewalReminder,
  buildSubscriptionCancelled,
  buildSubscriptionDeletionSoon,
  buildSubscriptionDisabled,
  buildSubscriptionExpired,
  buildSubscriptionReactivated,
  type MessageBuilder,
} from './messages.ts';
import { buildDelegationAccepted, buildDelegationEnded, buildDelegationExpiring, buildDelegationOffer } from '../delegations/messages.ts';
import { buildInvoiceIssued, buildPaymentCompleted } from '../billing/mail.ts';

/**
 * Who reads a mail. Customer admins are the global and billing admins of the event's
 * organization (SPEC §4); the partner of record's admins read a subscription's reminders too;
 * the orderer (`orderedByUserId` of the event) reads what concerns their order.
 */
export type Audience =
  | 'customer_admins'
  | 'customer_admins_and_partner'
  /** The event organization's global admins only (a delegated-admin offer: only they accept). */
  | 'global_admins'
  /** The event organization's own administrator role: global admins of a customer, partner admins of a partner. */
  | 'administrators'
  /** The person who placed an order (while still a member) and the customer's administrators. */
  | 'orderer_and_customer_admins';

export interface EmailRule {
  template: EmailKind;
  audience: Audience;
  build: MessageBuilder;
}

export interface NotificationRule {
  email?: EmailRule | undefined;
}

export const NOTIFICATION_RULES: Readonly<Record<string, NotificationRule>> = {
  'redemption.completed': { email: { template: 'redemption_confirmed', audience: 'customer_admins', build: buildRedemptionConfirmed } },
  'subscription.renewal_reminder': { email: { template: 'renewal_reminder', audience: 'customer_admins_and_partner', build: buildRenewalReminder } },
  'subscription.expired': { email: { template: 'subscription_expired', audience: 'customer_admins', build: buildSubscriptionExpired } },
  'subscription.disabled': { email: { template: 'subscription_disabled', audience: 'customer_admins', build: buildSubscriptionDisabled } },
  'subscription.deletion_soon': { email: { template: 'subscription_deletion_soon', audience: 'customer_admins', build: buildSubscriptionDeletionSoon } },
  'subscription.reactivated': { email: { template: 'subscription_reactivated', audience: 'customer_admins', build: buildSubscriptionReactivated } },
  'subscription.cancelled': { email: { template: 'subscription_cancelled', audience: 'customer_admins', build: buildSubscriptionCancelled } },
  // Delegated administration (modules/delegations): each change is an event in the customer's
  // organization and in the partner's, so each side's administrators read it in their own words.
  'delegation.offered': { email: { template: 'delegated_admin_offer', audience: 'global_admins', build: buildDelegationOffer } },
  'delegation.accepted': { email: { template: 'delegated_admin_accepted', audience: 'administrators', build: buildDelegationAccepted } },
  'delegation.expiring': { email: { template: 'delegated_admin_expiring', audience: 'administrators', build: buildDelegationExpiring } },
  'delegation.ended': { email: { template: 'delegated_admin_ended', audience: 'administrators', build: buildDelegationEnded } },
  // Billing (SPEC §8): "the account's email" is the person who placed the order (while still a
  // member) and the organization's global and billing admins, who answer for its payments.
  'payment.completed': { email: { template: 'payment_completed', audience: 'orderer_and_customer_admins', build: buildPaymentCompleted } },
  'invoice.issued': { email: { template: 'invoice_issued', audience: 'orderer_and_customer_admins', build: buildInvoiceIssued } },
};

export function emailRuleFor(eventType: string): EmailRule | undefined {
  return Object.hasOwn(NOTIFICATION_RULES, eventType) ? NOTIFICATION_RULES[eventType]!.email : undefined;
}

/** Reminder mail honours the recipient's opt-out; transactional mail is always sent. */
export function categoryOf(rule: EmailRule): EmailCategory {
  return emailCategory(rule.template);
}

/** The customer roles that read customer mail; `global_admin` holds billing_admin too. */
export const CUSTOMER_ADMIN_ROLES = ['global_admin', 'billing_admin'] as const;
export const PARTNER_ADMIN_ROLES = ['partner_admin'] as const;

/**
 * The roles of the event's organization an audience's mail goes to. Roles exist only in their
 * kind of organization, so "administrators" is the global admins of a customer and the partner
 * admins of a partner, and "global_admins" of a partner is nobody.
 */
export const AUDIENCE_ROLES: Readonly<Record<Audience, readonly string[]>> = {
  customer_admins: CUSTOMER_ADMIN_ROLES,
  customer_admins_and_partner: CUSTOMER_ADMIN_ROLES,
  global_admins: ['global_admin'],
  administrators: ['global_admin', 'partner_admin', 'vendor_admin'],
  orderer_and_customer_admins: CUSTOMER_ADMIN_ROLES,
};

/**
 * Whether an endpoint's filter takes an event type: "*" takes all, "subscription.*" every
 * type under "subscription.", anything else exactly that type.
 */
export function filterMatches(filter: readonly string[], eventType: string): boolean {
  return filter.some((entry) => entry === '*' || entry === eventType || (entry.endsWith('.*') && eventType.startsWith(entry.slice(0, -1))));
}
