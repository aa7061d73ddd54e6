// The portal shows each page to the roles its API route admits, no more and no fewer: every
// page's roles are checked against the access rule of its route in the server's route table.
// And the menu, the start page and the page guard follow those roles.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMER_ROLES, PARTNER_ROLES, VENDOR_ROLES } from '../../server/src/auth/roles.ts';
import { createTestApp, type TestApp } from '../../server/test/support/app.ts';
import { canUse, menuFor, PAGES, startPath, type Membership } from '../src/app/navigation.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const ROLES_OF_KIND = { customer: CUSTOMER_ROLES, partner: PARTNER_ROLES, vendor: VENDOR_ROLES } as const;
const sorted = (roles: readonly string[]) => [...roles].sort();

test("every page's roles are exactly those its API route admits", () => {
  for (const page of PAGES) {
    const [method, url] = page.api.split(' ');
    const route = t.app.routeTable.find((r) => r.method === method && r.url === url);
    assert.ok(route, `${page.id}: no route ${page.api}`);
    const access = route.access;
    if (page.scope === 'personal') {
      assert.equal(access.kind, 'authenticated', page.id);
    } else if (page.scope === 'vendor') {
      assert.equal(access.kind, 'vendor', page.id);
      if (access.kind === 'vendor') assert.deepEqual(sorted(page.roles), sorted(access.vendorRoles), page.id);
    } else {
      assert.equal(access.kind, 'organization', page.id);
      const kindRoles: readonly string[] = ROLES_OF_KIND[page.kind!];
      if (access.kind === 'organization') assert.deepEqual(sorted(page.roles), sorted(access.roles.filter((r) => kindRoles.includes(r))), page.id);
    }
  }
});

const customer = (id: string, effectiveRoles: Membership['effectiveRoles']): Membership => ({ id, kind: 'customer', effectiveRoles });
const vendor: Membership = { id: 'org_vendor', kind: 'vendor', effectiveRoles: ['support_agent'] };

test('a member sees the subscriptions but not the users or devices; an organization it does not belong to, nothing of it', () => {
  const memberships = [customer('org_a', ['member'])];
  assert.deepEqual(menuFor(memberships, 'org_a').map((p) => p.id), ['subscriptions', 'redeem', 'account']);
  const users = PAGES.find((p) => p.id === 'users')!;
  assert.equal(canUse(users, memberships, 'org_a'), false);
  assert.equal(canUse(PAGES.find((p) => p.id === 'subscriptions')!, memberships, 'org_b'), false);
  assert.equal(startPath(memberships), '/o/org_a/subscriptions');
});

test('a global admin sees every customer page; vendor staff see the console; someone with no organization starts by redeeming', () => {
  assert.deepEqual(menuFor([customer('org_a', ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'])], 'org_a').map((p) => p.id), ['subscriptions', 'users', 'devices', 'redeem', 'account']);
  assert.deepEqual(menuFor([vendor], undefined).map((p) => p.id), ['redeem', 'account', 'catalog', 'keyBatches', 'keyLookup', 'simulations']);
  assert.equal(startPath([vendor]), '/vendor/key-batches');
  assert.equal(startPath([]), '/redeem');
  // A vendor role held in a customer organization is no vendor role.
  assert.equal(canUse(PAGES.find((p) => p.id === 'catalog')!, [customer('org_a', ['global_admin'])]), false);
});
