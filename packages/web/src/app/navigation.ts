// The portal's pages, who sees each, and the API route each is built on. What a page shows is
// only a courtesy: the API decides. test/navigation.test.ts checks every page's roles against
// the access rule of its route in the server's route table, so the two cannot drift apart; and
// that every link the server mails lands on one of these pages.
import type { Role } from '../api/roles.ts';
import { matchPath } from './path-match.ts';

export type OrganizationKind = 'customer' | 'partner' | 'vendor';

export interface PageDefinition {
  id: string;
  /** The page's own path, the menu's target: `:organizationId` is the organization being looked at. */
  path: string;
  /** Further paths the page answers (one order, one support case…). */
  subPaths?: readonly string[];
  /** personal: anyone signed in; organization: members of an organization of `kind`; vendor: vendor staff. */
  scope: 'personal' | 'organization' | 'vendor';
  kind?: OrganizationKind;
  /** Effective roles (in that organization, or the vendor's) that may use it. */
  roles: readonly Role[];
  /** false: only the organization's own people, never a partner through delegated administration (as the API route says). */
  delegated?: false;
  /** `METHOD /path` of the API route the page is built on. */
  api: string;
}

const CUSTOMER_READERS: readonly Role[] = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'];
const BILLING: readonly Role[] = ['global_admin', 'billing_admin'];
const PARTNER_STAFF: readonly Role[] = ['partner_admin', 'partner_agent'];
const VENDOR_STAFF: readonly Role[] = ['vendor_admin', 'support_agent'];

export const PAGES = [
  { id: 'subscriptions', path: '/o/:organizationId/subscriptions', subPaths: ['/o/:organizationId/subscriptions/:subscriptionId'], scope: 'organization', kind: 'customer', roles: CUSTOMER_READERS, api: 'GET /v1/organizations/:organizationId/subscriptions' },
  { id: 'users', path: '/o/:organizationId/users', scope: 'organization', kind: 'customer', roles: ['global_admin', 'billing_admin', 'license_admin', 'user_admin'], api: 'GET /v1/organizations/:organizationId/members' },
  { id: 'devices', path: '/o/:organizationId/devices', scope: 'organization', kind: 'customer', roles: ['global_admin', 'license_admin', 'user_admin'], api: 'GET /v1/organizations/:organizationId/devices' },
  { id: 'supportCases', path: '/o/:organizationId/support-cases', subPaths: ['/o/:organizationId/support-cases/:caseId'], scope: 'organization', kind: 'customer', roles: ['global_admin', 'license_admin'], api: 'GET /v1/organizations/:organizationId/support-cases' },
  { id: 'orders', path: '/o/:organizationId/orders', subPaths: ['/o/:organizationId/orders/:orderId'], scope: 'organization', kind: 'customer', roles: BILLING, api: 'GET /v1/organizations/:organizationId/orders' },
  { id: 'invoices', path: '/o/:organizationId/invoices', subPaths: ['/o/:organizationId/invoices/:invoiceId'], scope: 'organization', kind: 'customer', roles: BILLING, api: 'GET /v1/organizations/:organizationId/invoices' },
  { id: 'customerDelegations', path: '/o/:organizationId/delegations', subPaths: ['/o/:organizationId/delegations/:delegationId/accept'], scope: 'organization', kind: 'customer', roles: ['global_admin'], delegated: false, api: 'GET /v1/organizations/:organizationId/delegations' },
  { id: 'activity', path: '/o/:organizationId/activity', scope: 'organization', kind: 'customer', roles: ['global_admin'], api: 'GET /v1/organizations/:organizationId/audit-events' },
  { id: 'apiTokens', path: '/o/:organizationId/api-tokens', scope: 'organization', kind: 'customer', roles: ['global_admin'], api: 'GET /v1/organizations/:organizationId/api-tokens' },
  { id: 'webhooks', path: '/o/:organizationId/webhooks', scope: 'organization', kind: 'customer', roles: ['global_admin'], delegated: false, api: 'GET /v1/organizations/:organizationId/webhook-endpoints' },
  { id: 'partnerCustomers', path: '/p/:organizationId/customers', scope: 'organization', kind: 'partner', roles: PARTNER_STAFF, api: 'GET /v1/organizations/:organizationId/customers' },
  { id: 'partnerSubscriptions', path: '/p/:organizationId/subscriptions', scope: 'organization', kind: 'partner', roles: PARTNER_STAFF, api: 'GET /v1/organizations/:organizationId/customer-subscriptions' },
  { id: 'partnerRenewals', path: '/p/:organizationId/renewals', scope: 'organization', kind: 'partner', roles: PARTNER_STAFF, api: 'GET /v1/organizations/:organizationId/upcoming-renewals' },
  { id: 'partnerDelegations', path: '/p/:organizationId/delegations', scope: 'organization', kind: 'partner', roles: PARTNER_STAFF, delegated: false, api: 'GET /v1/organizations/:organizationId/delegations' },
  { id: 'partnerActivity', path: '/p/:organizationId/activity', scope: 'organization', kind: 'partner', roles: ['partner_admin'], api: 'GET /v1/organizations/:organizationId/audit-events' },
  { id: 'partnerApiTokens', path: '/p/:organizationId/api-tokens', scope: 'organization', kind: 'partner', roles: ['partner_admin'], api: 'GET /v1/organizations/:organizationId/api-tokens' },
  { id: 'partnerWebhooks', path: '/p/:organizationId/webhooks', scope: 'organization', kind: 'partner', roles: ['partner_admin'], delegated: false, api: 'GET /v1/organizations/:organizationId/webhook-endpoints' },
  { id: 'redeem', path: '/redeem', scope: 'personal', roles: [], api: 'POST /v1/redemption-carts' },
  { id: 'account', path: '/account', scope: 'personal', roles: [], api: 'GET /v1/me/notification-preferences' },
  { id: 'catalog', path: '/vendor/catalog', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/catalog/products' },
  { id: 'keyBatches', path: '/vendor/key-batches', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/key-batches' },
  { id: 'keyLookup', path: '/vendor/key-lookup', scope: 'vendor', roles: VENDOR_STAFF, api: 'POST /v1/product-keys/lookup' },
  { id: 'supportDesk', path: '/vendor/support-cases', subPaths: ['/vendor/support-cases/:customerId/:caseId'], scope: 'vendor', roles: ['support_agent'], api: 'GET /v1/support-cases' },
  { id: 'serialLookup', path: '/vendor/serial-lookup', scope: 'vendor', roles: ['support_agent'], api: 'GET /v1/hardware-products' },
  { id: 'partners', path: '/vendor/partners', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/partners' },
  { id: 'billingOrders', path: '/vendor/orders', scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/billing/orders' },
  { id: 'simulations', path: '/vendor/simulations', subPaths: ['/vendor/simulations/:simulationId'], scope: 'vendor', roles: VENDOR_STAFF, api: 'GET /v1/simulations' },
  // The vendor organization's own API tokens and webhooks, over its organization routes.
  { id: 'vendorApiTokens', path: '/vendor/api-tokens', scope: 'vendor', roles: ['vendor_admin'], api: 'GET /v1/organizations/:organizationId/api-tokens' },
  { id: 'vendorWebhooks', path: '/vendor/webhooks', scope: 'vendor', roles: ['vendor_admin'], api: 'GET /v1/organizations/:organizationId/webhook-endpoints' },
] as const satisfies readonly PageDefinition[];

export type PageId = (typeof PAGES)[number]['id'];
/** Every path pattern some page answers: App.tsx must render each (its table is typed by this). */
export type PagePattern = (typeof PAGES)[number]['path'] | Extract<(typeof PAGES)[number], { subPaths: readonly string[] }>['subPaths'][number];

export function pageById(id: PageId): PageDefinition {
  return PAGES.find((p) => p.id === id)!;
}

/** The page a path belongs to, which of its patterns it matched, and the parameters. */
export function matchPage(path: string): { page: PageDefinition; pattern: PagePattern; params: Record<string, string> } | undefined {
  for (const page of PAGES as readonly PageDefinition[]) {
    for (const pattern of [page.path, ...(page.subPaths ?? [])]) {
      const params = matchPath(pattern, path);
      if (params) return { page, pattern: pattern as PagePattern, params };
    }
  }
  return undefined;
}

/** An organization the person may look at: their own membership, or a customer their partner administers for them. */
export interface Membership {
  id: string;
  kind: string;
  effectiveRoles: readonly Role[];
  /** Set when the roles come from delegated administration: the partners acting through it. */
  onBehalf?: { partners: readonly { organizationId: string; name: string }[] } | undefined;
}

/** Whether a person with these memberships may use the page (for `organizationId`, when it is an organization's). */
export function canUse(page: PageDefinition, memberships: readonly Membership[], organizationId?: string): boolean {
  if (page.scope === 'personal') return true;
  const holds = (membership: Membership | undefined) => membership !== undefined && page.roles.some((role) => membership.effectiveRoles.includes(role));
  if (page.scope === 'vendor') return holds(memberships.find((m) => m.kind === 'vendor'));
  const membership = memberships.find((m) => m.id === organizationId);
  if (membership?.onBehalf && page.delegated === false) return false;
  return membership?.kind === page.kind && holds(membership);
}

/** The pages to offer in the menu while looking at `organizationId` (if any). */
export function menuFor(memberships: readonly Membership[], organizationId: string | undefined): PageDefinition[] {
  return (PAGES as readonly PageDefinition[]).filter((page) => (page.scope !== 'organization' || organizationId !== undefined) && canUse(page, memberships, organizationId));
}

export function pagePath(page: PageDefinition, organizationId?: string): string {
  return page.path.replace(':organizationId', organizationId ?? '');
}

/** The first page of an organization that the person may use there. */
export function organizationStart(memberships: readonly Membership[], organization: Membership): string | undefined {
  const page = (PAGES as readonly PageDefinition[]).find((p) => p.scope === 'organization' && p.kind === organization.kind && canUse(p, memberships, organization.id));
  return page && pagePath(page, organization.id);
}

/**
 * Where a person lands after signing in: their first customer organization, else their first
 * partner organization, else the vendor console, else redeeming.
 */
export function startPath(memberships: readonly Membership[]): string {
  for (const kind of ['customer', 'partner'] as const) {
    const own = memberships.find((m) => m.kind === kind && !m.onBehalf);
    const start = own && organizationStart(memberships, own);
    if (start) return start;
  }
  if (memberships.some((m) => m.kind === 'vendor')) return '/vendor/key-batches';
  return '/redeem';
}

/**
 * The portal page a link in a mail leads to (server `notifications/links.ts` writes them:
 * `/organizations/…`, `/settings/notifications`), or undefined for any other path. Which page
 * depends on what the organization is to the reader: a customer's, a partner's, or (for a
 * partner of record reading a renewal reminder) a customer of one of their partners.
 */
export function mailLinkTarget(path: string, memberships: readonly Membership[]): string | undefined {
  if (path === '/settings/notifications') return '/account';
  if (!path.startsWith('/organizations/')) return undefined;
  const match = (pattern: string) => matchPath(`/organizations/:organizationId${pattern}`, path);
  const organizationId = decodeURIComponent(path.split('/')[2] ?? '');
  const organization = memberships.find((m) => m.id === organizationId);
  const partnerOf = memberships.find((m) => m.kind === 'partner' && !m.onBehalf);
  const id = encodeURIComponent(organizationId);

  let params: Record<string, string> | null;
  if ((params = match('/delegations/:delegationId/accept'))) return `/o/${id}/delegations/${encodeURIComponent(params.delegationId!)}/accept`;
  if (match('/delegations/:delegationId')) return organization?.kind === 'partner' ? `/p/${id}/delegations` : `/o/${id}/delegations`;
  if ((params = match('/orders/:orderId'))) return `/o/${id}/orders/${encodeURIComponent(params.orderId!)}`;
  if ((params = match('/invoices/:invoiceId'))) return `/o/${id}/invoices/${encodeURIComponent(params.invoiceId!)}`;
  if ((params = match('/subscriptions/:subscriptionId'))) {
    // A partner of record without delegated access reads it among its subscriptions of record.
    if (!organization && partnerOf) return `/p/${encodeURIComponent(partnerOf.id)}/subscriptions`;
    return `/o/${id}/subscriptions/${encodeURIComponent(params.subscriptionId!)}`;
  }
  if (match('')) return (organization && organizationStart(memberships, organization)) ?? `/o/${id}/subscriptions`;
  return undefined;
}
