// The permission matrix, generated from the route table: every route × every role × a resource
// of a foreign organization, plus every organization route × every role on the caller's own
// organization. A new route joins the matrix by existing; a new path parameter must get a
// fixture below, or this test fails and says so.
//
// Partners (SPEC §7) are in the matrix twice over: as members of their own organization like
// everyone, and as outsiders on customers' routes, where an accepted delegated administration
// relationship admits exactly its granted roles (on routes that take delegated roles) and
// nothing else opens anything: not being partner of record, not an offer before acceptance, not
// a relationship that was terminated or has expired.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Access } from '../auth/access.ts';
import { CUSTOMER_ROLES, effectiveRoles, PARTNER_ROLES, VENDOR_ROLES, type Role } from '../auth/roles.ts';
import type { RouteEntry } from './fastify-types.ts';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { createTestPlan } from '../../test/support/catalog-fixtures.ts';
import { createActor, createOrg, createToken, signInAs } from '../../test/support/fixtures.ts';
import { sampleFromSchema } from '../../test/support/sample-request.ts';
import { createTestKeys } from '../../test/support/key-fixtures.ts';
import { inTransaction } from '../db/transaction.ts';
import { createCart } from '../modules/redemption/carts.ts';
import { getPlan } from '../modules/catalog/plans.ts';
import { getOrganization } from '../modules/organizations/store.ts';
import { addSeats, createSubscription } from '../modules/subscriptions/service.ts';
import { subscriptionPlanOf } from '../modules/subscriptions/plan.ts';
import { createTestBatch } from '../modules/keys/testing.ts';
import { createTestDevice } from '../modules/devices/testing.ts';
import { createSimulation } from '../modules/simulation/service.ts';
import { createTestDeadLetter, someTestEndpoint } from '../modules/notifications/test-fixtures.ts';
import { createTestDelegation, createTestPartner, type TestPartner } from '../modules/delegations/testing.ts';
import { createBillingPlan, createTestManualRefund, createTestOrder, ensureTestIssuer } from '../modules/billing/testing.ts';
import { createTestCase, markOemPartner } from '../modules/support/testing.ts';
import { createTestProduct, createTestRepairReport } from '../modules/hardware-registry/testing.ts';

interface Org {
  id: string;
  kind: 'customer' | 'partner' | 'vendor';
}
interface RoleActor {
  role: Role;
  org: Org;
  userId: string;
}

let t: TestApp;
let vendor: Org;
let customer: Org;
let partner: Org;
let foreign: Org;
const actors: RoleActor[] = [];
/** Strings that only the foreign organization's data contains. */
const foreignSecrets: string[] = [];

/** The least role of each kind of organization. */
const LEAST_ROLE: Record<Org['kind'], Role> = { customer: 'member', partner: 'partner_agent', vendor: 'support_agent' };

/** How each path parameter is filled, given the organization whose resource it names (and the route, where it matters). */
const PARAMETER_FIXTURES: Record<string, (org: Org, route: RouteEntry) => Promise<string>> = {
  organizationId: async (org) => org.id,
  userId: async (org) => (await createActor(t, org.id, [LEAST_ROLE[org.kind]])).userId,
  tokenId: async (org) => (await createToken(t, org.id, [LEAST_ROLE[org.kind]])).id,
  // The catalog is the vendor's: whose organization asks does not matter.
  productId: async () => (await createTestPlan(t)).productId,
  // A plan the organization holds a subscription of (seat routes need one; the catalog's
  // routes do not mind). Partners and the vendor hold no subscriptions.
  planId: async (org) => {
    const { planId } = await createTestPlan(t);
    if (org.kind === 'customer') await subscribe(org.id, planId);
    return planId;
  },
  // A redemption cart of a person of the organization, holding one key.
  cartId: async (org) => {
    const owner = await createActor(t, org.id, [LEAST_ROLE[org.kind]]);
    const cart = await inTransaction(t.ctx.database.db, (tx) => createCart(tx, owner.userId, t.clock.now()));
    const { keys } = await createTestKeys(t, (await createTestPlan(t)).planId);
    await t.ctx.database.db.insertInto('redemption_cart_items').values({ cart_id: cart.id, product_key_id: keys[0]!.id, added_at: cart.created_at }).execute();
    return cart.id;
  },
  keyId: async () => (await createTestKeys(t, (await createTestPlan(t)).planId)).keys[0]!.id,
  // A key batch made by the service (with its one-time CSV); batches are the vendor's.
  batchId: async () => (await createTestBatch(t)).batch.id,
  // An active device of the organization (on a seat license of one of its people).
  deviceId: async (org) => (await createTestDevice(t, org.id, LEAST_ROLE[org.kind])).id,
  // A subscription of the organization (vendor staff read any organization's, their own too),
  // with one seat added by order still inside its window, so that every subscription route,
  // cancelling and reducing seats included, has something it may act on.
  subscriptionId: async (org) => subscriptionWithSeatAddition(org.id),
  // A change of the subscription named before it in the path: that seat addition.
  changeId: async () => lastSeatAdditionId,
  // A simulation (the vendor's, like the catalog: whose organization asks does not matter).
  simulationId: async () => (await inTransaction(t.ctx.database.db, (tx) => createSimulation(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { startsAt: t.clock.now() }))).id,
  // A webhook endpoint of the organization (the vendor's too: it has its own).
  endpointId: async (org) => someTestEndpoint(t, org.id),
  // A dead letter of the organization (a mail that failed every attempt): redeliverable.
  deliveryId: async (org) => createTestDeadLetter(t, org.id),
  // A partner ID (partners are looked up by it; the vendor enrols them by it).
  partnerId: async () => (await createTestPartner(t)).partnerId,
  // An open offer the organization is a party of: of the matrix's partner to a new customer, or
  // of a new enrolled partner to this customer (the vendor is party to none: another pair's).
  // Its token is what acceptance needs.
  delegationId: async (org) => {
    const partnerId = org.kind === 'partner' ? org.id : (await createTestPartner(t)).organizationId;
    const pair = [partnerId, org.kind === 'customer' ? org.id : (await createOrg(t)).id];
    const { row, token } = await createTestDelegation(t, pair[0]!, pair[1]!);
    lastAcceptanceToken = token;
    return row.id;
  },
  // Billing: an order awaiting a card payment (payable, cancellable); a paid one where the route
  // reads its invoice. An invoice of a paid order. A bank-transfer order by number (staff record
  // its payment). The default issuer. A refund the vendor sends by hand.
  orderId: async (org, route) => (await createTestOrder(t, org.id, { paid: route.url.endsWith('/invoice') })).id,
  invoiceId: async (org) => (await t.ctx.database.db.selectFrom('invoices').select('id').where('order_id', '=', (await createTestOrder(t, org.id, { paid: true })).id).executeTakeFirstOrThrow()).id,
  orderNumber: async (org) => (await createTestOrder(t, org.id, { method: 'bank_transfer' })).number,
  issuerId: async () => ensureTestIssuer(t),
  refundId: async (org) => createTestManualRefund(t, org.id),
  // Repairs and the support desk: an open motherboard case with its receipt and repair report
  // (so it can be read, added to, approved, rejected or closed), and that receipt.
  caseId: async (org) => {
    const made = await createTestCase(t, org.id);
    lastAttachmentId = made.attachmentId;
    return made.caseId;
  },
  attachmentId: async () => lastAttachmentId,
  licenseId: async (org) => (await createTestCase(t, org.id)).licenseId,
  // An OEM's repair report: the partner's own when the organization is an OEM partner.
  reportId: async (org) => createTestRepairReport(t, org.kind === 'partner' ? org.id : undefined),
  partnerOrganizationId: async () => {
    const oem = (await createOrg(t, { kind: 'partner', name: 'OEM to unmark' })).id;
    await markOemPartner(t, oem);
    return oem;
  },
};
let lastAcceptanceToken = '';
let lastAttachmentId = '';

/** Body fields whose valid values depend on the target organization (or the route). */
const BODY_FIXTURES: Record<string, (org: Org, route: RouteEntry) => unknown> = {
  // Member and token roles of the organization's kind; a delegation offers a customer role.
  roles: (org, route) => (route.url.endsWith('/delegations') ? ['billing_admin'] : [LEAST_ROLE[org.kind]]),
  // A key batch needs a real plan, and a key lookup a real (unused) key; may be async.
  planId: async () => (await createTestPlan(t)).planId,
  key: async () => (await createTestBatch(t)).keys[0],
  // Whom a seat is assigned to: a member of the organization.
  userId: async (org) => (await createActor(t, org.id, [LEAST_ROLE[org.kind]])).userId,
  // The subscription a coterminous purchase ends with: an active one of the organization.
  alignWithSubscriptionId: async (org) => subscribe(org.id, (await createTestPlan(t)).planId),
  // The customer a partner offers delegated administration to, the offer's emailed token, and
  // the partner a customer names as partner of record.
  customerOrganizationId: async () => (await createOrg(t)).id,
  token: async () => lastAcceptanceToken,
  partnerId: async () => (await createTestPartner(t)).partnerId,
  // An order's lines: a new subscription of a plan sold to every segment.
  lines: async () => [{ purpose: 'new_subscription', planId: await createBillingPlan(t), seats: 1 }],
  // A license of the organization (a support case, the advisor), a unit in its registry (an
  // OEM's repair report), a partner organization to mark as an OEM.
  licenseId: async (org) => (await createTestCase(t, org.id)).licenseId,
  serialNumber: async (org) => (await createTestProduct(t, org.id)).serialNumber,
  partnerOrganizationId: async () => (await createOrg(t, { kind: 'partner', name: 'OEM to be' })).id,
};

async function subscribe(organizationId: string, planId: string): Promise<string> {
  const db = t.ctx.database.db;
  const plan = subscriptionPlanOf((await getPlan(db, planId))!);
  const organization = (await getOrganization(db, organizationId))!;
  const subscription = await inTransaction(db, (tx) =>
    createSubscription(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { organization, plan, seats: 1000, trial: false }, { source: 'key', amountMinor: 0 }),
  );
  return subscription.id;
}

let lastSeatAdditionId = '';
async function subscriptionWithSeatAddition(organizationId: string): Promise<string> {
  const db = t.ctx.database.db;
  const { planId } = await createTestPlan(t);
  const subscriptionId = await subscribe(organizationId, planId);
  const plan = subscriptionPlanOf((await getPlan(db, planId))!);
  const organization = (await getOrganization(db, organizationId))!;
  const subscription = (await db.selectFrom('subscriptions').selectAll().where('organization_id', '=', organizationId).where('id', '=', subscriptionId).executeTakeFirst())!;
  await inTransaction(db, (tx) => addSeats(tx, { principal: { kind: 'anonymous' }, now: t.clock.now() }, { organization, plan, subscription, seats: 1 }, { source: 'order', amountMinor: 15_000 }));
  const change = await db.selectFrom('subscription_changes').select('id').where('subscription_id', '=', subscriptionId).where('kind', '=', 'seat_addition').executeTakeFirstOrThrow();
  lastSeatAdditionId = change.id;
  return subscriptionId;
}

before(async () => {
  t = await createTestApp();
  vendor = { id: (await createOrg(t, { kind: 'vendor', name: 'Vendor' })).id, kind: 'vendor' };
  customer = { id: (await createOrg(t, { name: 'Customer A' })).id, kind: 'customer' };
  // Enrolled in the delegated-admin program, so that its admin may offer (a route of its own).
  partner = { id: (await createTestPartner(t, { name: 'Partner P' })).organizationId, kind: 'partner' };
  // The partner manufactures PCs too: its OEM routes (registry, repair reports) are open to it.
  await markOemPartner(t, partner.id);
  const secretName = `Foreign-${randomBytes(6).toString('hex')}`;
  foreign = { id: (await createOrg(t, { name: secretName })).id, kind: 'customer' };
  const foreignUser = await createActor(t, foreign.id, ['global_admin'], { email: `${secretName.toLowerCase()}@example.com` });
  const foreignToken = await createToken(t, foreign.id, ['member']);
  foreignSecrets.push(secretName, foreignUser.email, foreignToken.token.slice(0, 10));
  // Orders need the vendor's invoice issuer.
  await ensureTestIssuer(t);
  for (const [org, roles] of [[customer, CUSTOMER_ROLES], [partner, PARTNER_ROLES], [vendor, VENDOR_ROLES]] as const) {
    for (const role of roles) actors.push({ role, org, userId: (await createActor(t, org.id, [role])).userId });
  }
});
after(() => t.close());

function organizationRoutes(): RouteEntry[] {
  return t.app.routeTable.filter((r) => r.url.includes(':organizationId'));
}

async function buildUrl(route: RouteEntry, target: Org): Promise<string> {
  let url = route.url;
  for (const name of url.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
    const fixture = PARAMETER_FIXTURES[name];
    assert.ok(fixture, `${route.method} ${route.url}: add a fixture for the path parameter :${name} to the permission matrix`);
    url = url.replace(`:${name}`, await fixture(target, route));
  }
  return url;
}

async function call(route: RouteEntry, actor: RoleActor | undefined, target: Org) {
  return callWith(route, actor ? async () => (await signInAs(t, actor.userId)).writeHeaders : async () => ({}), target);
}

async function callWith(route: RouteEntry, headers: () => Promise<Record<string, string>>, target: Org) {
  const url = await buildUrl(route, target);
  const body = sampleFromSchema(route.schema.body as never) as Record<string, unknown> | undefined;
  for (const [field, fixture] of Object.entries(BODY_FIXTURES)) {
    if (body && field in body) body[field] = await fixture(target, route);
  }
  return t.inject({
    method: route.method as 'GET',
    url,
    headers: await headers(),
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

function allowedOwn(access: Access, role: Role): boolean {
  if (access.kind !== 'organization') return false;
  const held = effectiveRoles([role]);
  return access.roles.some((r) => held.has(r));
}

function allowedAsVendorStaff(access: Access, role: Role): boolean {
  if (access.kind !== 'organization' && access.kind !== 'vendor') return false;
  const held = effectiveRoles([role]);
  return access.vendorRoles.some((r) => held.has(r));
}

/**
 * Path parameters that name an entry of a directory every signed-in caller may read, not a
 * tenant's data: a partner's public profile (its name and partner ID), which a customer looks up
 * to name it partner of record.
 */
const DIRECTORY_PARAMETERS = new Set(['partnerId']);

/** A path parameter names a tenant's resource; in this test it is always the foreign organization's. */
function namesAResource(route: RouteEntry): boolean {
  return (route.url.match(/:(\w+)/g) ?? []).some((p) => !DIRECTORY_PARAMETERS.has(p.slice(1)));
}

function assertNoForeignData(body: string, context: string): void {
  for (const secret of foreignSecrets) assert.ok(!body.includes(secret), `${context} leaked foreign data (${secret})`);
}

test('every route is in the matrix, and the matrix is not empty', () => {
  assert.ok(t.app.routeTable.length >= 15, `only ${t.app.routeTable.length} routes`);
  assert.ok(organizationRoutes().length >= 8);
});

describe('callers from other organizations never reach a foreign organization', () => {
  test('customer and partner roles: 403/404 and no foreign data, on every route', async () => {
    for (const route of t.app.routeTable) {
      for (const actor of actors.filter((a) => a.org.kind !== 'vendor')) {
        const response = await call(route, actor, foreign);
        const context = `${actor.role} of ${actor.org.kind}: ${route.method} ${route.url} → ${response.statusCode}`;
        assertNoForeignData(response.body, context);
        if (route.access.kind === 'organization' || route.access.kind === 'vendor' || namesAResource(route)) {
          assert.ok([403, 404].includes(response.statusCode), context);
        } else {
          // No resource in the path (a new cart, one's own profile): it acts on the caller's own.
          assert.ok(response.statusCode < 500, context);
        }
      }
    }
  });

  test('vendor staff reach a customer organization only where the route grants their role', async () => {
    for (const route of t.app.routeTable.filter((r) => r.access.kind === 'organization' || r.access.kind === 'vendor')) {
      for (const actor of actors.filter((a) => a.org.kind === 'vendor')) {
        const response = await call(route, actor, foreign);
        const context = `${actor.role}: ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (allowedAsVendorStaff(route.access, actor.role)) assert.ok(response.statusCode < 300, context);
        else assert.ok([403, 404].includes(response.statusCode), context);
      }
    }
  });

  test('anonymous callers get 401 on every route that is not public', async () => {
    for (const route of t.app.routeTable.filter((r) => r.access.kind !== 'public')) {
      const response = await call(route, undefined, foreign);
      assert.equal(response.statusCode, 401, `${route.method} ${route.url}`);
      assert.equal(response.json().code, 'UNAUTHENTICATED');
      assertNoForeignData(response.body, `anonymous ${route.method} ${route.url}`);
    }
  });
});

describe("each role in its own organization gets exactly what the route declares", () => {
  test('allowed roles succeed, other members get 403 ROLE_REQUIRED', async () => {
    for (const route of organizationRoutes()) {
      for (const actor of actors) {
        const response = await call(route, actor, actor.org);
        const context = `${actor.role} of its own ${actor.org.kind}: ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
        // Vendor staff's grant over every organization covers the vendor's own as well.
        const allowed = allowedOwn(route.access, actor.role) || (actor.org.kind === 'vendor' && allowedAsVendorStaff(route.access, actor.role));
        if (allowed) {
          assert.ok(response.statusCode < 300, context);
        } else {
          assert.equal(response.statusCode, 403, context);
          assert.equal(response.json().code, 'ROLE_REQUIRED', context);
          // It names who may: the organization's roles, or the vendor's on a route only vendor staff open.
          assert.ok(response.json().roles.length > 0, context);
        }
      }
    }
  });
});

describe('partners on customer routes: exactly the roles of an accepted, unexpired relationship, or nothing', () => {
  interface Caller {
    name: string;
    headers: () => Promise<Record<string, string>>;
  }
  let delegating: TestPartner;
  let callers: Caller[];
  /** Customers whose data the partner may reach, with the roles it was granted there. */
  let granted: { org: Org; roles: ('billing_admin' | 'global_admin' | 'license_admin' | 'user_admin')[] }[];
  /** Customers linked to the partner in every way that must open nothing. */
  let closed: { org: Org; how: string; secret: string }[];

  before(async () => {
    delegating = await createTestPartner(t, { name: 'Delegating Partner' });
    const admin = await createActor(t, delegating.organizationId, ['partner_admin']);
    const agent = await createActor(t, delegating.organizationId, ['partner_agent']);
    const token = await createToken(t, delegating.organizationId, ['partner_agent']);
    callers = [
      { name: 'partner_admin (session)', headers: async () => (await signInAs(t, admin.userId)).writeHeaders },
      { name: 'partner_agent (session)', headers: async () => (await signInAs(t, agent.userId)).writeHeaders },
      { name: 'partner_agent (API token)', headers: async () => token.headers },
    ];
    granted = [];
    for (const roles of [['billing_admin'], ['global_admin'], ['license_admin', 'user_admin']] as const) {
      const org: Org = { id: (await createOrg(t, { name: `Granted ${roles.join('+')}` })).id, kind: 'customer' };
      await createTestDelegation(t, delegating.organizationId, org.id, { roles: [...roles], state: 'active' });
      granted.push({ org, roles: [...roles] });
    }
    closed = [];
    const closedCustomer = async (how: string) => {
      const secret = `Closed-${how}-${randomBytes(4).toString('hex')}`;
      const org: Org = { id: (await createOrg(t, { name: secret })).id, kind: 'customer' };
      closed.push({ org, how, secret });
      return org;
    };
    const ofRecord = await closedCustomer('partner-of-record');
    const subscriptionId = await subscribe(ofRecord.id, (await createTestPlan(t)).planId);
    await t.ctx.database.db.updateTable('subscriptions').set({ partner_organization_id: delegating.organizationId }).where('id', '=', subscriptionId).execute();
    await createTestDelegation(t, delegating.organizationId, (await closedCustomer('offered')).id, { roles: ['global_admin'] });
    await createTestDelegation(t, delegating.organizationId, (await closedCustomer('terminated')).id, { roles: ['global_admin'], state: 'terminated' });
    // Past its last day (the sweeper has not run: every request reads the end instant itself).
    const expired = await createTestDelegation(t, delegating.organizationId, (await closedCustomer('expired')).id, { roles: ['global_admin'], state: 'active' });
    await t.ctx.database.db.updateTable('delegations').set({ ends_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', expired.row.id).execute();
  });

  function allowedByDelegation(access: Access, roles: readonly Role[]): boolean {
    if (access.kind !== 'organization' || !access.delegated) return false;
    const held = effectiveRoles(roles);
    return access.roles.some((r) => held.has(r));
  }

  test('with an accepted relationship, allowed exactly where a granted role is, else 403 ROLE_REQUIRED', async () => {
    const outcomes = new Map<string, { allowed: number; refused: number }>();
    for (const route of organizationRoutes()) {
      for (const { org, roles } of granted) {
        for (const caller of callers) {
          const response = await callWith(route, caller.headers, org);
          const context = `${caller.name} granted ${roles.join('+')}: ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          const tally = outcomes.get(roles.join('+')) ?? { allowed: 0, refused: 0 };
          outcomes.set(roles.join('+'), tally);
          if (allowedByDelegation(route.access, roles)) {
            assert.ok(response.statusCode < 300, context);
            tally.allowed += 1;
          } else {
            assert.equal(response.statusCode, 403, context);
            assert.equal(response.json().code, 'ROLE_REQUIRED', context);
            tally.refused += 1;
          }
        }
      }
    }
    // Every grant opens some routes and leaves others closed (the matrix is not vacuous).
    for (const [roles, tally] of outcomes) assert.ok(tally.allowed > 0 && tally.refused > 0, `${roles}: ${JSON.stringify(tally)}`);
    assert.equal(outcomes.size, granted.length);
  });

  test('partner of record only, an offer not yet accepted, a terminated or an expired relationship: 404 and nothing of the customer', async () => {
    for (const route of organizationRoutes()) {
      for (const { org, how, secret } of closed) {
        for (const caller of callers) {
          const response = await callWith(route, caller.headers, org);
          const context = `${caller.name}, ${how}: ${route.method} ${route.url} → ${response.statusCode} ${response.body.slice(0, 200)}`;
          assert.equal(response.statusCode, 404, context);
          assert.ok(!response.body.includes(secret), `${context} leaked the customer's name`);
        }
      }
    }
  });
});
