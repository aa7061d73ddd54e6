// Every route declares who may call it; a route that declares nothing does not start. The
// permission-matrix test reads these declarations from the route table.
import { DomainError } from '../errors/domain-error.ts';
import { directRolesIn, hasAnyRole, rolesIn, vendorRoles, type Principal } from './principal.ts';
import type { Role } from './roles.ts';

export type Access =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  /** Vendor staff only (catalog, key batches, support desk). */
  | { kind: 'vendor'; vendorRoles: readonly Role[] }
  /**
   * A route under /organizations/:organizationId: callers with one of `roles` in that
   * organization, or vendor staff with one of `vendorRoles`. Anyone else learns nothing, not
   * even that the organization exists (404). `delegated: false` admits only the
   * organization's own people: roles a partner holds there through delegated administration do
   * not count (credentials that would outlive the relationship, the relationships themselves).
   */
  | { kind: 'organization'; roles: readonly Role[]; vendorRoles: readonly Role[]; delegated: boolean };

export const access = {
  public: (): Access => ({ kind: 'public' }),
  authenticated: (): Access => ({ kind: 'authenticated' }),
  vendor: (...roles: Role[]): Access => ({ kind: 'vendor', vendorRoles: roles }),
  organization: (roles: readonly Role[], options: { vendorRoles?: readonly Role[]; delegated?: boolean } = {}): Access => ({
    kind: 'organization',
    roles,
    vendorRoles: options.vendorRoles ?? [],
    delegated: options.delegated ?? true,
  }),
};

export function checkAccess(rule: Access, principal: Principal, params: Record<string, string | undefined>): void {
  if (rule.kind === 'public') return;
  if (principal.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
  switch (rule.kind) {
    case 'authenticated':
      return;
    case 'vendor':
      if (hasAnyRole(vendorRoles(principal), rule.vendorRoles)) return;
      // Not vendor staff at all: the vendor's console does not exist for them.
      if (vendorRoles(principal).size === 0) throw new DomainError('NOT_FOUND', { resource: 'route' });
      throw new DomainError('ROLE_REQUIRED', { roles: rule.vendorRoles });
    case 'organization': {
      const organizationId = params.organizationId;
      if (!organizationId) throw new Error('an organization route needs an :organizationId parameter');
      const held = rule.delegated ? rolesIn(principal, organizationId) : directRolesIn(principal, organizationId);
      if (hasAnyRole(held, rule.roles)) return;
      if (hasAnyRole(vendorRoles(principal), rule.vendorRoles)) return;
      // A partner with a relationship here knows the organization: it is told what it lacks. A
      // route no role of the organization opens (a vendor's grant) names the vendor's roles.
      if (held.size > 0 || rolesIn(principal, organizationId).size > 0) {
        throw new DomainError('ROLE_REQUIRED', { roles: rule.roles.length > 0 ? rule.roles : rule.vendorRoles });
      }
      throw new DomainError('NOT_FOUND', { resource: 'organization' });
    }
  }
}
