// Completing a redemption (SPEC §3): keys consumed exactly once, subscriptions created or
// extended, the organization and its administrator created, a seat assigned, audit rows and
// events written, all in the caller's one transaction. The review runs this same function in a
// transaction it then rolls back, so what the review shows is what completion does.
//
// Partners (SPEC §3, §7) redeem too: into a new organization on a customer's behalf (the
// customer's administrator becomes its global admin and gets the seat, the partner none, and the
// partner becomes partner of record of what is bought), into a customer's organization with the
// roles a delegated administration relationship grants, and, as partner of record, renewal keys
// of the subscriptions it is partner of record of. Every row they write reads "partner P on
// behalf of customer C".
import { createHash } from 'node:crypto';
import { withDelegatedRoles } from '../../auth/delegation.ts';
import { directRolesIn, hasAnyRole, partnerOrganizationsOf, personOf, rolesIn, type Principal } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import { lockAndReadOrganization } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { Failpoints } from '../../failpoints.ts';
import { newId } from '../../ids.ts';
import { auditRow, recordAudits, type AuditContext } from '../audit/audit-log.ts';
import { addMember } from '../members/service.ts';
import { createOrganization } from '../organizations/service.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import type { Segment } from '../organizations/schemas.ts';
import { enqueueEvents, eventRow } from '../outbox/outbox.ts';
import { assignSeat } from '../seats/service.ts';
import { addSeats, createSubscription, renewSubscription, subscriptionsOfPlan, type Announcement, type SubscriptionRow } from '../subscriptions/service.ts';
import { generatePassword } from '../users/service.ts';
import { getUser } from '../users/store.ts';
import { findCartKeys, type KeyKind, type RedeemableKey } from './store.ts';

export type RedemptionTarget =
  | { organizationId: string }
  | {
      newOrganization: {
        country: string;
        name: string;
        segment?: Segment | undefined;
        administrator: { name: string; email: string };
        /** Redeeming on the customer's behalf as this partner organization (its admin or agent). */
        partnerOrganizationId?: string | undefined;
      };
    };

export interface RedemptionEffect {
  keyId: string;
  last5: string;
  kind: KeyKind;
  effect: 'subscription_created' | 'trial_started' | 'seats_added' | 'renewed';
  subscriptionId: string;
  plan: { id: string; sku: string; name: { en: string; ja: string } };
  product: { id: string; name: { en: string; ja: string } };
  seats: number;
  startDate: string;
  endDate: string;
}

export interface RedemptionOutcome {
  organization: OrganizationRow;
  organizationCreated: boolean;
  administratorUserId: string | null;
  effects: RedemptionEffect[];
}

export interface RedemptionRun {
  tx: Tx;
  dialect: DialectName;
  audit: AuditContext;
  failpoints: Failpoints;
  cartId: string;
  target: RedemptionTarget;
}

/** Subscriptions first, so that seats and renewals in the same cart can apply to them. */
const KIND_ORDER: Record<KeyKind, number> = { subscription: 0, trial: 1, add_seats: 2, renewal: 3 };
const REDEEMER_ROLES = ['global_admin', 'billing_admin'] as const;

/** What the review promised: the cart's keys in their states, and the target. */
export function reviewToken(cartId: string, keys: readonly RedeemableKey[], target: RedemptionTarget): string {
  const state = keys.map((k) => `${k.id}:${k.state}:${k.batchRevoked ? 'revoked' : ''}`).sort();
  return createHash('sha256').update(JSON.stringify({ cartId, state, target })).digest('base64url');
}

export async function loadCartKeys(tx: Tx, cartId: string): Promise<RedeemableKey[]> {
  return findCartKeys(tx, cartId);
}

export async function executeRedemption(run: RedemptionRun, keys: readonly RedeemableKey[]): Promise<RedemptionOutcome> {
  const { tx } = run;
  const now = toStoredInstant(run.audit.now);
  for (const key of keys) {
    if (key.state !== 'unused' || key.batchRevoked || key.redeemableUntil <= now) throw new DomainError('ORDER_NOT_PROCESSED', { last5: key.last5 });
  }
  const redeemer = personOf(run.audit.principal);
  const ordered = [...keys].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  // Into an existing organization, the subscription a subscription or trial key creates is known
  // before the claim: its id is drawn now (in the order the subscriptions are made, so ids sort as
  // before) and the claim links the key to it, one statement instead of two. Keys adding seats or
  // renewing find their subscription only later, and a new organization has no id yet: those are
  // linked after their subscription.
  const knownOrganizationId = 'organizationId' in run.target ? run.target.organizationId : undefined;
  const createdIds = new Map<string, string>();
  if (knownOrganizationId !== undefined) {
    for (const key of ordered) if (key.kind === 'subscription' || key.kind === 'trial') createdIds.set(key.id, newId('sub', run.audit.now));
  }
  // Consume the keys first: of two completions racing for a key, the loser stops here, before
  // it has made anything, and rolls back (no organization left behind).
  for (const key of keys) {
    const subscriptionId = createdIds.get(key.id);
    const link = subscriptionId === undefined ? {} : { redeemed_by_user_id: redeemer, redeemed_organization_id: knownOrganizationId, subscription_id: subscriptionId };
    const claimed = await tx
      .updateTable('product_keys')
      .set({ state: 'redeemed', redeemed_at: now, ...link })
      .where('id', '=', key.id)
      .where('state', '=', 'unused')
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) throw new DomainError('ORDER_NOT_PROCESSED', { last5: key.last5 });
  }
  await run.failpoints.hit('redemption.after-keys-claimed');

  const resolved = await resolveTarget(run, keys);
  const { organization, created, administratorUserId } = resolved;
  // From here on, rows say who acted for whom: a partner's rows read "on behalf of" the customer.
  const audit = resolved.audit;
  await checkEligibility(tx, organization, keys);

  // The audit rows and events of the whole completion are made in the order they always were
  // (their ids sort so) and written together: one INSERT for the audit rows, one for the events.
  const announcements: Announcement[] = [];
  const effects: RedemptionEffect[] = [];
  for (const key of ordered) effects.push(await applyKey({ ...run, audit }, organization, key, resolved, { id: createdIds.get(key.id), announcements }));
  await run.failpoints.hit('redemption.after-subscriptions');

  const audits = announcements.map((a) => a.audit);
  for (const effect of effects) {
    if (!createdIds.has(effect.keyId)) {
      await tx
        .updateTable('product_keys')
        .set({ redeemed_by_user_id: redeemer, redeemed_organization_id: organization.id, subscription_id: effect.subscriptionId })
        .where('id', '=', effect.keyId)
        .execute();
    }
    audits.push(auditRow(audit, {
      organizationId: organization.id,
      action: 'product_key.redeemed',
      target: { type: 'product_key', id: effect.keyId },
      data: { last5: effect.last5, kind: effect.kind, subscriptionId: effect.subscriptionId, effect: effect.effect },
    }));
  }
  await recordAudits(tx, audits);
  if (created && administratorUserId) {
    // The new organization's administrator gets a seat of each new subscription (SPEC §3).
    for (const effect of effects.filter((e) => e.effect === 'subscription_created' || e.effect === 'trial_started')) {
      const plan = keys.find((k) => k.id === effect.keyId)!.plan;
      await assignSeat(tx, audit, { organization, plan, userId: administratorUserId });
    }
  }
  await enqueueEvents(tx, [
    ...announcements.map((a) => a.event),
    eventRow(audit.now, {
      organizationId: organization.id,
      type: 'redemption.completed',
      payload: {
        cartId: run.cartId,
        organizationCreated: created,
        ...(resolved.partnerOrganizationId ? { partnerOrganizationId: resolved.partnerOrganizationId } : {}),
        effects: effects.map(({ keyId, last5, effect, subscriptionId, seats, startDate, endDate }) => ({ keyId, last5, effect, subscriptionId, seats, startDate, endDate })),
      },
    }),
  ]);
  const closed = await tx
    .updateTable('redemption_carts')
    .set({ state: 'completed', completed_at: now, organization_id: organization.id })
    .where('id', '=', run.cartId)
    .where('state', '=', 'open')
    .executeTakeFirst();
  if (closed.numUpdatedRows !== 1n) throw new DomainError('CART_CLOSED', { state: 'completed' });
  await run.failpoints.hit('redemption.before-commit');
  return { organization, organizationCreated: created, administratorUserId, effects };
}

interface ResolvedTarget {
  organization: OrganizationRow;
  created: boolean;
  administratorUserId: string | null;
  audit: AuditContext;
  /** The partner acting (on behalf, by delegation or as partner of record), named in the event. */
  partnerOrganizationId: string | undefined;
  /** Redeeming on behalf: the partner becomes partner of record of the new subscriptions. */
  partnerOfRecord: string | undefined;
  /** Renewing as partner of record: only subscriptions naming this partner are renewed. */
  renewalPartner: string | undefined;
}

async function resolveTarget(run: RedemptionRun, keys: readonly RedeemableKey[]): Promise<ResolvedTarget> {
  const { tx, target } = run;
  if ('organizationId' in target) {
    // The target is in the body, not the path: delegated roles are resolved for it here.
    const principal = await withDelegatedRoles(tx, run.audit.principal, target.organizationId, run.audit.now);
    const audit: AuditContext = { ...run.audit, principal };
    const held = rolesIn(principal, target.organizationId);
    let renewalPartner: string | undefined;
    if (!hasAnyRole(held, REDEEMER_ROLES)) {
      renewalPartner = await renewingPartnerOfRecord(tx, principal, target.organizationId, keys);
      // A member lacking the role is told which role it needs; anyone else learns nothing.
      if (!renewalPartner) {
        if (held.size > 0) throw new DomainError('ROLE_REQUIRED', { roles: REDEEMER_ROLES });
        throw new DomainError('NOT_FOUND', { resource: 'organization' });
      }
    }
    const organization = await lockAndReadOrganization(tx, run.dialect, target.organizationId);
    if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
    if (organization.kind !== 'customer') throw new DomainError('ACCOUNT_CREATION_FAILED', { summary: 'keys are redeemed into customer organizations' });
    return {
      organization,
      created: false,
      administratorUserId: null,
      audit: renewalPartner ? { ...audit, partner: { organizationId: renewalPartner } } : audit,
      partnerOrganizationId: renewalPartner ?? (principal.kind === 'anonymous' ? undefined : principal.delegation?.partnerOrganizationId),
      partnerOfRecord: undefined,
      renewalPartner,
    };
  }
  const wanted = target.newOrganization;
  const partner = wanted.partnerOrganizationId;
  if (partner !== undefined && !directRolesIn(run.audit.principal, partner).has('partner_agent')) {
    throw new DomainError('NOT_FOUND', { resource: 'partner organization' });
  }
  const audit: AuditContext = partner ? { ...run.audit, partner: { organizationId: partner } } : run.audit;
  const country = wanted.country.toUpperCase();
  for (const key of keys) {
    if (!key.plan.countries.includes(country)) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'COUNTRY', country, planId: key.plan.id });
  }
  let organization: OrganizationRow;
  let administratorUserId: string;
  try {
    organization = await createOrganization(tx, audit, { kind: 'customer', name: wanted.name, country, segment: wanted.segment });
    const caller = audit.principal.kind === 'user' ? await getUser(tx, audit.principal.userId) : undefined;
    const email = wanted.administrator.email.normalize('NFKC').trim().toLowerCase();
    if (partner) await refusePartnerAdministrator(tx, partner, email);
    const isCaller = caller !== undefined && caller.email === email;
    // Someone else as administrator gets an account without a usable password: they set one
    // through the invitation (docs/decisions.md), never through a password shown to the caller.
    const { user } = await addMember(
      { tx, dialect: run.dialect, audit, organizationId: organization.id, grantor: { roles: new Set(), isVendorAdmin: true } },
      { email: wanted.administrator.email, name: wanted.administrator.name, roles: ['global_admin'], password: isCaller ? undefined : generatePassword() },
    );
    administratorUserId = user.id;
  } catch (error) {
    if (error instanceof DomainError && ['COUNTRY_NOT_SUPPORTED', 'VALIDATION_FAILED', 'EMAIL_INVALID', 'SEGMENT_NOT_ALLOWED', 'WEAK_PASSWORD'].includes(error.code)) {
      throw new DomainError('ACCOUNT_CREATION_FAILED', { summary: error.code, cause: error.code, ...error.details });
    }
    throw error;
  }
  return { organization, created: true, administratorUserId, audit, partnerOrganizationId: partner, partnerOfRecord: partner, renewalPartner: undefined };
}

/**
 * SPEC §3: "the partner itself gets no seat". The customer's administrator must be one of the
 * customer's people, not someone of the partner redeeming for it (who would hold the customer's
 * global-admin role and its seat for good).
 */
async function refusePartnerAdministrator(tx: Tx, partnerOrganizationId: string, email: string): Promise<void> {
  const member = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.id')
    .where('m.organization_id', '=', partnerOrganizationId)
    .where('u.email', '=', email)
    .executeTakeFirst();
  if (member) {
    throw new DomainError('ACCOUNT_CREATION_FAILED', { summary: "the administrator must be one of the customer's people, not of the partner redeeming for it", cause: 'ADMINISTRATOR_IS_PARTNER' });
  }
}

/**
 * A partner of record may renew, with renewal keys, the subscriptions it is partner of record of
 * (SPEC §7). The partner that may, or undefined when the caller is no partner of record there;
 * ROLE_REQUIRED when it is, but the cart holds more than renewals of its subscriptions.
 */
async function renewingPartnerOfRecord(tx: Tx, principal: Principal, organizationId: string, keys: readonly RedeemableKey[]): Promise<string | undefined> {
  const partners = partnerOrganizationsOf(principal);
  if (partners.length === 0) return undefined;
  const ofRecord = await tx
    .selectFrom('subscriptions')
    .select(['partner_organization_id', 'plan_id'])
    .where('organization_id', '=', organizationId)
    .where('partner_organization_id', 'in', partners)
    .execute();
  if (ofRecord.length === 0) return undefined;
  const partner = [...new Set(ofRecord.map((r) => r.partner_organization_id!))].sort().find((candidate) =>
    keys.every((key) => key.kind === 'renewal' && ofRecord.some((r) => r.partner_organization_id === candidate && r.plan_id === key.plan.id)),
  );
  if (!partner) throw new DomainError('ROLE_REQUIRED', { roles: REDEEMER_ROLES });
  return partner;
}

async function checkEligibility(tx: Tx, organization: OrganizationRow, keys: readonly RedeemableKey[]): Promise<void> {
  for (const key of keys) {
    if (!key.plan.segments.includes(organization.segment)) {
      throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'SEGMENT', segment: organization.segment, planId: key.plan.id });
    }
    if (!key.plan.countries.includes(organization.country)) {
      throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'COUNTRY', country: organization.country, planId: key.plan.id });
    }
  }
  const trialPlans = [...new Set(keys.filter((k) => k.kind === 'trial').map((k) => k.plan.id))];
  for (const planId of trialPlans) {
    const trialKeys = keys.filter((k) => k.kind === 'trial' && k.plan.id === planId).length;
    const used = await tx.selectFrom('subscriptions').select('id').where('organization_id', '=', organization.id).where('plan_id', '=', planId).where('is_trial', '=', 1).executeTakeFirst();
    if (used || trialKeys > 1) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'TRIAL_ALREADY_USED', planId });
  }
}

/** `id`: the new subscription's id when drawn before the claim; `announcements`: where its audit row and event go. */
async function applyKey(
  run: RedemptionRun,
  organization: OrganizationRow,
  key: RedeemableKey,
  resolved: ResolvedTarget,
  made: { id: string | undefined; announcements: Announcement[] },
): Promise<RedemptionEffect> {
  const { tx, audit } = run;
  const deferred = { deferTo: made.announcements };
  const partnerOrganizationId = resolved.partnerOfRecord;
  const source = { source: 'key' as const, productKeyId: key.id, amountMinor: 0 };
  const describe = (effect: RedemptionEffect['effect'], row: SubscriptionRow): RedemptionEffect => ({
    keyId: key.id,
    last5: key.last5,
    kind: key.kind,
    effect,
    subscriptionId: row.id,
    plan: { id: key.plan.id, sku: key.plan.sku, name: key.plan.name },
    product: { id: key.plan.productId, name: key.plan.productName },
    seats: row.seats,
    startDate: row.start_date,
    endDate: row.end_date,
  });
  switch (key.kind) {
    case 'subscription':
      return describe('subscription_created', await createSubscription(tx, audit, { organization, plan: key.plan, seats: key.seats, trial: false, partnerOrganizationId, id: made.id }, source, deferred));
    case 'trial':
      return describe('trial_started', await createSubscription(tx, audit, { organization, plan: key.plan, seats: key.seats, trial: true, partnerOrganizationId, id: made.id }, source, deferred));
    case 'add_seats': {
      const existing = (await subscriptionsOfPlan(tx, organization, key.plan, audit.now)).find(
        (s) => s.row.is_trial === 0 && (s.state === 'active' || s.state === 'expired'),
      );
      if (!existing) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NO_SUBSCRIPTION_OF_PLAN', planId: key.plan.id });
      return describe('seats_added', await addSeats(tx, audit, { organization, plan: key.plan, subscription: existing.row, seats: key.seats }, source, deferred));
    }
    case 'renewal': {
      const existing = (await subscriptionsOfPlan(tx, organization, key.plan, audit.now)).find(
        // One switched to direct billing is continued by its successor, which this key renews.
        (s) =>
          s.row.is_trial === 0 &&
          s.state !== 'cancelled' &&
          s.row.successor_subscription_id === null &&
          (resolved.renewalPartner === undefined || s.row.partner_organization_id === resolved.renewalPartner),
      );
      if (!existing) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NO_SUBSCRIPTION_OF_PLAN', planId: key.plan.id });
      return describe('renewed', await renewSubscription(tx, audit, { organization, plan: key.plan, subscription: existing.row }, source, deferred));
    }
  }
}
