// The portal shows each page to the roles its API route admits, no more and no fewer: every
// page's roles are checked against the access rule of its route in the server's route table.
// And the menu, the start page and the page guard follow those roles; every link the server
// mails lands on a page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CUSTOMER_ROLES, PARTNER_ROLES, VENDOR_ROLES } from '../../server/src/auth/roles.ts';
import { createTestApp, type TestApp } from '../../server/test/support/app.ts';
import { linksFor } from '../../server/src/modules/notifications/links.ts';
import { canUse, mailLinkTarget, matchPage, menuFor, PAGES, pageById, startPath, type Membership, type PageDefinition } from '../src/app/navigation.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const ROLES_OF_KIND = { customer: CUSTOMER_ROLES, partner: PARTNER_ROLES, vendor: VENDOR_ROLES } as const;
const sorted = (roles: readonly string[]) => [...roles].sort();

test("every page's roles are exactly those its API route admits", () => {
  for (const page of PAGES as readonly PageDefinition[]) {
    const [method, url] = page.api.split(' ');
    const route = t.app.routeTable.find((r) => r.method === method && r.url === url);
    assert.ok(route, `${page.id}: no route ${page.api}`);
    const access = route.access;
    if (page.scope === 'personal') {
      assert.equal(access.kind, 'authenticated', page.id);
    } else if (page.scope === 'vendor' && access.kind === 'organization') {
      // A console page over the vendor organization's own organization route (its API tokens,
      // its webhooks): the vendor roles that route admits.
      assert.deepEqual(sorted(page.roles), sorted(access.roles.filter((r) => VENDOR_ROLES.includes(r as never))), page.id);
    } else if (page.scope === 'vendor') {
      assert.equal(access.kind, 'vendor', page.id);
      if (access.kind === 'vendor') assert.deepEqual(sorted(page.roles), sorted(access.vendorRoles), page.id);
    } else {
      assert.equal(access.kind, 'organization', page.id);
      const kindRoles: readonly string[] = ROLES_OF_KIND[page.kind!];
      if (access.kind === 'organization') {
        assert.deepEqual(sorted(page.roles), sorted(access.roles.filter((r) => kindRoles.includes(r))), page.id);
        // A page a partner may not use through delegated roles says so, as its route does.
        assert.equal(page.delegated ?? true, access.delegated, `${page.id}: delegated`);
      }
    }
  }
});

const customer = (id: string, effectiveRoles: Membership['effectiveRoles']): Membership => ({ id, kind: 'customer', effectiveRoles });
const partner = (id: string, effectiveRoles: Membership['effectiveRoles']): Membership => ({ id, kind: 'partner', effectiveRoles });
const delegated = (id: string, effectiveRoles: Membership['effectiveRoles']): Membership => ({ ...customer(id, effectiveRoles), onBehalf: { partners: [{ organizationId: 'org_p', name: 'Reseller' }] } });
const vendor: Membership = { id: 'org_vendor', kind: 'vendor', effectiveRoles: ['support_agent'] };
const ids = (pages: readonly PageDefinition[]) => pages.map((p) => p.id);

test('a member sees the subscriptions but not the users or devices; an organization it does not belong to, nothing of it', () => {
  const memberships = [customer('org_a', ['member'])];
  assert.deepEqual(ids(menuFor(memberships, 'org_a')), ['subscriptions', 'redeem', 'account']);
  assert.equal(canUse(pageById('users'), memberships, 'org_a'), false);
  assert.equal(canUse(pageById('subscriptions'), memberships, 'org_b'), false);
  assert.equal(startPath(memberships), '/o/org_a/subscriptions');
});

test('a global admin sees every customer page; vendor staff see the console; someone with no organization starts by redeeming', () => {
  assert.deepEqual(ids(menuFor([customer('org_a', ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'])], 'org_a')), [
    'subscriptions', 'users', 'devices', 'supportCases', 'orders', 'invoices', 'customerDelegations', 'activity', 'apiTokens', 'webhooks', 'redeem', 'account',
  ]);
  assert.deepEqual(ids(menuFor([customer('org_a', ['billing_admin', 'member'])], 'org_a')), ['subscriptions', 'users', 'orders', 'invoices', 'redeem', 'account']);
  assert.deepEqual(ids(menuFor([vendor], undefined)), ['redeem', 'account', 'catalog', 'keyBatches', 'keyLookup', 'supportDesk', 'serialLookup', 'partners', 'billingOrders', 'simulations']);
  // The vendor's own API tokens and webhooks are its administrators'.
  const vendorAdmin: Membership = { ...vendor, effectiveRoles: ['vendor_admin', 'support_agent'] };
  assert.deepEqual(ids(menuFor([vendorAdmin], undefined)).slice(-2), ['vendorApiTokens', 'vendorWebhooks']);
  assert.equal(startPath([vendor]), '/vendor/key-batches');
  assert.equal(startPath([]), '/redeem');
  // A vendor role held in a customer organization is no vendor role.
  assert.equal(canUse(pageById('catalog'), [customer('org_a', ['global_admin'])]), false);
});

test("a partner's people see its customers, subscriptions of record, renewals and relationships, and start there", () => {
  const memberships = [partner('org_p', ['partner_agent'])];
  assert.deepEqual(ids(menuFor(memberships, 'org_p')), ['partnerCustomers', 'partnerSubscriptions', 'partnerRenewals', 'partnerDelegations', 'redeem', 'account']);
  // The activity log is the partner admins'.
  assert.deepEqual(ids(menuFor([partner('org_p', ['partner_admin'])], 'org_p')), ['partnerCustomers', 'partnerSubscriptions', 'partnerRenewals', 'partnerDelegations', 'partnerActivity', 'partnerApiTokens', 'partnerWebhooks', 'redeem', 'account']);
  assert.equal(startPath(memberships), '/p/org_p/customers');
  assert.equal(canUse(pageById('subscriptions'), memberships, 'org_p'), false, 'a partner is no customer');
});

test('acting for a customer through delegated administration: the pages of the granted roles, never the relationships themselves; the start stays the partner\'s own', () => {
  const memberships = [partner('org_p', ['partner_admin', 'partner_agent']), delegated('org_c', ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'])];
  assert.deepEqual(ids(menuFor(memberships, 'org_c')), ['subscriptions', 'users', 'devices', 'supportCases', 'orders', 'invoices', 'activity', 'apiTokens', 'redeem', 'account']);
  assert.equal(canUse(pageById('customerDelegations'), memberships, 'org_c'), false);
  assert.equal(canUse(pageById('customerDelegations'), [customer('org_c', ['global_admin'])], 'org_c'), true);
  assert.equal(startPath(memberships), '/p/org_p/customers');
  const billing = [delegated('org_c', ['billing_admin', 'member'])];
  assert.equal(canUse(pageById('orders'), billing, 'org_c'), true);
  assert.equal(canUse(pageById('devices'), billing, 'org_c'), false);
});

test('every link the server mails lands on the page it means, for the reader it is sent to', () => {
  const links = linksFor('https://licentia.example.com/');
  const pathOf = (url: string) => {
    const parsed = new URL(url);
    assert.equal(parsed.origin, 'https://licentia.example.com');
    return parsed.pathname;
  };
  const admin = [customer('org_c', ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member']), partner('org_p', ['partner_admin', 'partner_agent'])];
  const land = (url: string, memberships: readonly Membership[]) => {
    const target = mailLinkTarget(pathOf(url), memberships);
    assert.ok(target, url);
    const matched = matchPage(target);
    assert.ok(matched, `${url} → ${target}`);
    return { target, page: matched.page.id, params: matched.params };
  };
  assert.deepEqual(land(links.organization('org_c'), admin), { target: '/o/org_c/subscriptions', page: 'subscriptions', params: { organizationId: 'org_c' } });
  assert.deepEqual(land(links.organization('org_p'), admin), { target: '/p/org_p/customers', page: 'partnerCustomers', params: { organizationId: 'org_p' } });
  assert.deepEqual(land(links.subscription('org_c', 'sub_1'), admin).params, { organizationId: 'org_c', subscriptionId: 'sub_1' });
  // A partner of record's admin reads a reminder about a customer it cannot open: its own list of them.
  assert.equal(land(links.subscription('org_other', 'sub_2'), [partner('org_p', ['partner_admin'])]).target, '/p/org_p/subscriptions');
  assert.equal(land(links.preferences(), admin).page, 'account');
  assert.equal(land(links.delegation('org_c', 'dlg_1'), admin).page, 'customerDelegations');
  assert.equal(land(links.delegation('org_p', 'dlg_1'), admin).page, 'partnerDelegations');
  assert.deepEqual(land(links.delegationAcceptance('org_c', 'dlg_1', 'dla_token'), admin), {
    target: '/o/org_c/delegations/dlg_1/accept',
    page: 'customerDelegations',
    params: { organizationId: 'org_c', delegationId: 'dlg_1' },
  });
  assert.deepEqual(land(links.order('org_c', 'ord_1'), admin).params, { organizationId: 'org_c', orderId: 'ord_1' });
  assert.deepEqual(land(links.invoice('org_c', 'inv_1'), admin).params, { organizationId: 'org_c', invoiceId: 'inv_1' });
  assert.equal(mailLinkTarget('/o/org_c/subscriptions', admin), undefined, "the portal's own paths are not mail links");
});
