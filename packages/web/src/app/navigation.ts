// The portal's pages, who sees each, and the API route each is built on. What a page shows is
// only a courtesy: the API decides. test/navigation.test.ts checks every page's roles against
// the access rule of its route in the server's route table, so the two cannot drift apart.
// Pages of later capabilities (partners, support cases, invoices, delegated administration) are
// added here with their route; the layout and the router pick them up.
import type { Role } from '../api/roles.ts';

export type OrganizationKind = 'customer' | 'partner' | 'vendor';

export interface PageDefinition {
  id: 'redeem' | 'account' | 'subscriptions' | 'users' | 'devices' | 'catalog' | 'keyBatches' | 'keyLookup' | 'simulations';
  /** A pattern: `:organizationId` is the organization being looked at. */
  path: string;
  /** personal: anyone signed in; organization: members of an organization of `kind`; vendor: vendor staff. */
  scope: 'personal' | 'organization' | 'vendor';
  kind?: OrganizationKind;
  /** Effective roles (in that organization, or the vendor's) that may use it. */
  roles: readonly Role[];
  /** `METHOD /path` of the API route the page is built on. */
  api: string;
}

const CUSTOMER_READERS: readonly Role[] = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'];
const VENDOR_STAFF: readonly Role[] = ['vendor_admin', 'support_agent'];

export const PAGES: readonly PageDefinition[] = [
  { id: 'subscriptions', path: '/o/:organizationId/subscriptions', scope: 'organization', kind: 'customer', roles: CUSTOMER_READERS, api: 'GET /v1/organizations/:organizationId/subscriptions' },
  { id: 'users', path: '/o/:organizationId/users', scope: 'organization', kind: 'customer', roles: ['global_admin', 'billing_admin', 'license_admin', 'user_admin'], api: 'GET /v1/organizations/:organizationId/members' },
  { id: 'devices', path: '/o/:organizationId/devices', scope: 'organization', kind: 'customer', roles: ['global_admin', 'license_admin', 'user_admin'], api: 'GET /v1/organizations/:organizationId/devices' },
  { id: 'redeem', path: '/redeem', scope: 'personal', roles: [], api: 'POST /v1/redemption-carts' },
  { id: 'account', path: '/account', scope: 'personal', roles: [], api: 'GET /v1/me/notification-preferences' },
  { id: 'catalog', path: '/vendor/catalog', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/catalog/products' },
  { id: 'keyBatches', path: '/vendor/key-batches', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/key-batches' },
  { id: 'keyLookup', path: '/vendor/key-lookup', scope: 'vendor', roles: VENDOR_STAFF, api: 'POST /v1/product-keys/lookup' },
  { id: 'simulations', path: '/vendor/simulations', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/simulations' },
];

export interface Membership {
  id: string;
  kind: string;
  effectiveRoles: readonly Role[];
}

/** Whether a person with these memberships may use the page (for `organizationId`, when it is an organization's). */
export function canUse(page: PageDefinition, memberships: readonly Membership[], organizationId?: string): boolean {
  if (page.scope === 'personal') return true;
  const holds = (membership: Membership | undefined) => membership !== undefined && page.roles.some((role) => membership.effectiveRoles.includes(role));
  if (page.scope === 'vendor') return holds(memberships.find((m) => m.kind === 'vendor'));
  const membership = memberships.find((m) => m.id === organizationId);
  return membership?.kind === page.kind && holds(membership);
}

/** The pages to offer in the menu while looking at `organizationId` (if any). */
export function menuFor(memberships: readonly Membership[], organizationId: string | undefined): PageDefinition[] {
  return PAGES.filter((page) => (page.scope !== 'organization' || organizationId !== undefined) && canUse(page, memberships, organizationId));
}

export function pagePath(page: PageDefinition, organizationId?: string): string {
  return page.path.replace(':organizationId', organizationId ?? '');
}

/** Where a person lands after signing in: their first customer organization, else the vendor console, else redeeming. */
export function startPath(memberships: readonly Membership[]): string {
  const customer = memberships.find((m) => m.kind === 'customer');
  if (customer) {
    const page = PAGES.find((p) => p.id === 'subscriptions')!;
    if (canUse(page, memberships, customer.id)) return pagePath(page, customer.id);
  }
  if (memberships.some((m) => m.kind === 'vendor')) return '/vendor/key-batches';
  return '/redeem';
}
