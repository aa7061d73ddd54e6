// The roles of SPEC §10, and which kind of organization each belongs to. A user holds roles per
// organization (a membership); an API token holds a subset of its creator's roles there.
export const CUSTOMER_ROLES = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'] as const;
export const PARTNER_ROLES = ['partner_admin', 'partner_agent'] as const;
export const VENDOR_ROLES = ['vendor_admin', 'support_agent'] as const;
export const ALL_ROLES = [...CUSTOMER_ROLES, ...PARTNER_ROLES, ...VENDOR_ROLES] as const;

export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type VendorRole = (typeof VENDOR_ROLES)[number];
export type Role = (typeof ALL_ROLES)[number];

export const ORGANIZATION_KINDS = ['vendor', 'customer', 'partner'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES_BY_KIND: Record<OrganizationKind, readonly Role[]> = {
  customer: CUSTOMER_ROLES,
  partner: PARTNER_ROLES,
  vendor: VENDOR_ROLES,
};

/** The role that administers the organization itself (members, tokens, settings). */
export const ADMIN_ROLE_BY_KIND: Record<OrganizationKind, Role> = {
  customer: 'global_admin',
  partner: 'partner_admin',
  vendor: 'vendor_admin',
};

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}

/**
 * What holding a role lets you do as well: an organization's administrator can do everything
 * its other roles can, and every customer role includes being a member. Stored memberships keep
 * only the roles granted; checks use the effective set.
 */
const IMPLIED: Partial<Record<Role, readonly Role[]>> = {
  global_admin: CUSTOMER_ROLES,
  billing_admin: ['member'],
  license_admin: ['member'],
  user_admin: ['member'],
  partner_admin: ['partner_agent'],
  vendor_admin: ['support_agent'],
};

export function effectiveRoles(granted: Iterable<Role>): Set<Role> {
  const roles = new Set<Role>();
  for (const role of granted) {
    roles.add(role);
    for (const implied of IMPLIED[role] ?? []) roles.add(implied);
  }
  return roles;
}
