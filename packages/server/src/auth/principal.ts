// Who is calling. Resolved once per request (from a session cookie or a bearer token) and
// passed to the domain, which never looks at headers.
import { effectiveRoles, type Role } from './roles.ts';

/**
 * Roles a partner's people hold in a customer organization through an accepted delegated
 * administration relationship (SPEC §7). Resolved per request, for the one organization the
 * request names (auth/delegation.ts), never cached: a relationship that ended is gone at the
 * next request, whatever session or token it carries.
 */
export interface DelegatedAccess {
  delegationId: string;
  partnerOrganizationId: string;
  customerOrganizationId: string;
  roles: ReadonlySet<Role>;
}

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      /** Roles per organization id. */
      roles: ReadonlyMap<string, ReadonlySet<Role>>;
      vendorOrganizationId: string | undefined;
      delegation?: DelegatedAccess | undefined;
    }
  | {
      kind: 'token';
      tokenId: string;
      organizationId: string;
      createdByUserId: string | null;
      roles: ReadonlyMap<string, ReadonlySet<Role>>;
      vendorOrganizationId: string | undefined;
      delegation?: DelegatedAccess | undefined;
    };

export type AuthenticatedPrincipal = Exclude<Principal, { kind: 'anonymous' }>;

const NO_ROLES: ReadonlySet<Role> = new Set();

/** The person acting: the signed-in user, or the one who made the API token; none for the system. */
export function personOf(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.userId : principal.kind === 'token' ? principal.createdByUserId : null;
}

/**
 * The caller's effective roles in an organization (granted roles and what they imply): its own
 * memberships there, or else the roles a delegated administration relationship grants its
 * partner there.
 */
export function rolesIn(principal: Principal, organizationId: string): ReadonlySet<Role> {
  const direct = directRolesIn(principal, organizationId);
  if (direct.size > 0 || principal.kind === 'anonymous') return direct;
  const delegation = principal.delegation;
  return delegation?.customerOrganizationId === organizationId ? effectiveRoles(delegation.roles) : NO_ROLES;
}

/** The roles the caller holds in an organization as one of its own people (or its own token). */
export function directRolesIn(principal: Principal, organizationId: string): ReadonlySet<Role> {
  if (principal.kind === 'anonymous') return NO_ROLES;
  const granted = principal.roles.get(organizationId);
  return granted ? effectiveRoles(granted) : NO_ROLES;
}

/** The partner organizations in which the caller acts as a partner (admin or agent). */
export function partnerOrganizationsOf(principal: Principal): string[] {
  if (principal.kind === 'anonymous') return [];
  return [...principal.roles.entries()].filter(([, roles]) => effectiveRoles(roles).has('partner_agent')).map(([id]) => id);
}

/** The caller's roles in the vendor organization: vendor staff act across organizations. */
export function vendorRoles(principal: Principal): ReadonlySet<Role> {
  if (principal.kind === 'anonymous' || !principal.vendorOrganizationId) return NO_ROLES;
  return rolesIn(principal, principal.vendorOrganizationId);
}

export function hasAnyRole(held: ReadonlySet<Role>, wanted: readonly Role[]): boolean {
  return wanted.some((role) => held.has(role));
}

/** The stable key idempotency records and rate limits are scoped to. */
export function principalKey(principal: Principal, clientIp: string): string {
  switch (principal.kind) {
    case 'user':
      return `user:${principal.userId}`;
    case 'token':
      return `token:${principal.tokenId}`;
    case 'anonymous':
      return `anonymous:${clientIp}`;
  }
}

/** How the audit log names the actor. */
export function auditActor(principal: Principal): { type: 'user' | 'token' | 'system'; id: string | null } {
  switch (principal.kind) {
    case 'user':
      return { type: 'user', id: principal.userId };
    case 'token':
      return { type: 'token', id: principal.tokenId };
    case 'anonymous':
      return { type: 'system', id: null };
  }
}
