// Completing a redemption (SPEC §3): keys consumed exactly once, subscriptions created or
// extended, the organization and its administrator created, a seat assigned, audit rows and
// events written, all in the caller's one transaction. The review runs this same function in a
// transaction it then rolls back, so what the review shows is what completion does.
import { createHash } from 'node:crypto';
import { hasAnyRole, rolesIn } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import { lockOrganization } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import type { Failpoints } from '../../failpoints.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { addMember } from '../members/service.ts';
import { createOrganization } from '../organizations/service.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import type { Segment } from '../organizations/schemas.ts';
import { enqueueEvent } from '../outbox/outbox.ts';
import { assignSeat } from '../seats/service.ts';
import { addSeats, createSubscription, renewSubscription, subscriptionsOfPlan, type SubscriptionRow } from '../subscriptions/service.ts';
import { generatePassword } from '../users/service.ts';
import { getUser } from '../users/store.ts';
import { cartKeyIds, findKeysByIds, type KeyKind, type RedeemableKey } from './store.ts';

export type RedemptionTarget =
  | { organizationId: string }
  | { newOrganization: { country: string; name: string; segment?: Segment | undefined; administrator: { name: string; email: string } } };

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
  return findKeysByIds(tx, await cartKeyIds(tx, cartId));
}

export async function executeRedemption(run: RedemptionRun, keys: readonly RedeemableKey[]): Promise<RedemptionOutcome> {
  const { tx, audit } = run;
  const now = toStoredInstant(audit.now);
  for (const key of keys) {
    if (key.state !== 'unused' || key.batchRevoked || key.redeemableUntil <= now) throw new DomainError('ORDER_NOT_PROCESSED', { last5: key.last5 });
  }
  // Consume the keys first: of two completions racing for a key, the loser stops here, before
  // it has made anything, and rolls back (no organization left behind).
  for (const key of keys) {
    const claimed = await tx
      .updateTable('product_keys')
      .set({ state: 'redeemed', redeemed_at: now })
      .where('id', '=', key.id)
      .where('state', '=', 'unused')
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) throw new DomainError('ORDER_NOT_PROCESSED', { last5: key.last5 });
  }
  await run.failpoints.hit('redemption.after-keys-claimed');

  const { organization, created, administratorUserId } = await resolveTarget(run, keys);
  await checkEligibility(tx, organization, keys);

  const effects: RedemptionEffect[] = [];
  const ordered = [...keys].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  for (const key of ordered) effects.push(await applyKey(run, organization, key));
  await run.failpoints.hit('redemption.after-subscriptions');

  const redeemer = audit.principal.kind === 'user' ? audit.principal.userId : audit.principal.kind === 'token' ? audit.principal.createdByUserId : null;
  for (const effect of effects) {
    await tx
      .updateTable('product_keys')
      .set({ redeemed_by_user_id: redeemer, redeemed_organization_id: organization.id, subscription_id: effect.subscriptionId })
      .where('id', '=', effect.keyId)
      .execute();
    await recordAudit(tx, audit, {
      organizationId: organization.id,
      action: 'product_key.redeemed',
      target: { type: 'product_key', id: effect.keyId },
      data: { last5: effect.last5, kind: effect.kind, subscriptionId: effect.subscriptionId, effect: effect.effect },
    });
  }
  if (created && administratorUserId) {
    // The new organization's administrator gets a seat of each new subscription (SPEC §3).
    for (const effect of effects.filter((e) => e.effect === 'subscription_created' || e.effect === 'trial_started')) {
      const plan = keys.find((k) => k.id === effect.keyId)!.plan;
      await assignSeat(tx, audit, { organization, plan, userId: administratorUserId });
    }
  }
  await enqueueEvent(tx, audit.now, {
    organizationId: organization.id,
    type: 'redemption.completed',
    payload: { cartId: run.cartId, organizationCreated: created, effects: effects.map(({ keyId, last5, effect, subscriptionId, seats, startDate, endDate }) => ({ keyId, last5, effect, subscriptionId, seats, startDate, endDate })) },
  });
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

async function resolveTarget(run: RedemptionRun, keys: readonly RedeemableKey[]) {
  const { tx, audit, target } = run;
  if ('organizationId' in target) {
    const held = rolesIn(audit.principal, target.organizationId);
    if (!hasAnyRole(held, REDEEMER_ROLES)) {
      // A member lacking the role is told which role it needs; anyone else learns nothing.
      if (held.size > 0) throw new DomainError('ROLE_REQUIRED', { roles: REDEEMER_ROLES });
      throw new DomainError('NOT_FOUND', { resource: 'organization' });
    }
    await lockOrganization(tx, run.dialect, target.organizationId);
    const organization = await getOrganization(tx, target.organizationId);
    if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
    if (organization.kind !== 'customer') throw new DomainError('ACCOUNT_CREATION_FAILED', { summary: 'keys are redeemed into customer organizations' });
    return { organization, created: false, administratorUserId: null };
  }
  const wanted = target.newOrganization;
  const country = wanted.country.toUpperCase();
  for (const key of keys) {
    if (!key.plan.countries.includes(country)) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'COUNTRY', country, planId: key.plan.id });
  }
  let organization: OrganizationRow;
  let administratorUserId: string;
  try {
    organization = await createOrganization(tx, audit, { kind: 'customer', name: wanted.name, country, segment: wanted.segment });
    const caller = audit.principal.kind === 'user' ? await getUser(tx, audit.principal.userId) : undefined;
    const isCaller = caller !== undefined && caller.email === wanted.administrator.email.normalize('NFKC').trim().toLowerCase();
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
  return { organization, created: true, administratorUserId };
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

async function applyKey(run: RedemptionRun, organization: OrganizationRow, key: RedeemableKey): Promise<RedemptionEffect> {
  const { tx, audit } = run;
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
      return describe('subscription_created', await createSubscription(tx, audit, { organization, plan: key.plan, seats: key.seats, trial: false }, source));
    case 'trial':
      return describe('trial_started', await createSubscription(tx, audit, { organization, plan: key.plan, seats: key.seats, trial: true }, source));
    case 'add_seats': {
      const existing = (await subscriptionsOfPlan(tx, organization, key.plan, audit.now)).find(
        (s) => s.row.is_trial === 0 && (s.state === 'active' || s.state === 'expired'),
      );
      if (!existing) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NO_SUBSCRIPTION_OF_PLAN', planId: key.plan.id });
      return describe('seats_added', await addSeats(tx, audit, { organization, plan: key.plan, subscription: existing.row, seats: key.seats }, source));
    }
    case 'renewal': {
      const existing = (await subscriptionsOfPlan(tx, organization, key.plan, audit.now)).find((s) => s.row.is_trial === 0 && s.state !== 'cancelled');
      if (!existing) throw new DomainError('SUBSCRIPTION_UNAVAILABLE', { reason: 'NO_SUBSCRIPTION_OF_PLAN', planId: key.plan.id });
      return describe('renewed', await renewSubscription(tx, audit, { organization, plan: key.plan, subscription: existing.row }, source));
    }
  }
}
