// Memberships: who belongs to an organization, with which roles. Rules:
// - roles must exist in the organization's kind (no "vendor_admin" in a customer);
// - the organization's administrator (global/partner/vendor admin) grants any role; a user
//   administrator grants only the roles that cannot escalate (member, user and license admin);
// - an organization always keeps one administrator (checked under a lock on the organization).
import type { Temporal } from 'temporal-polyfill';
import { hasAnyRole } from '../../auth/principal.ts';
import { ADMIN_ROLE_BY_KIND, ROLES_BY_KIND, type OrganizationKind, type Role } from '../../auth/roles.ts';
import { toStoredInstant } from '../../clock.ts';
import type { DialectName } from '../../db/connect.ts';
import { lockOrganization } from '../../db/locks.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import { createUser, generatePassword } from '../users/service.ts';
import { findUserByEmail, getUser } from '../users/store.ts';

const NON_ESCALATING_ROLES: readonly Role[] = ['member', 'user_admin', 'license_admin'];

export interface Grantor {
  /** The caller's roles in the organization, plus whether vendor staff administer it. */
  roles: ReadonlySet<Role>;
  isVendorAdmin: boolean;
}

export interface MemberChangeContext {
  tx: Tx;
  dialect: DialectName;
  audit: AuditContext;
  organizationId: string;
  grantor: Grantor;
}

async function lockedOrganization(context: MemberChangeContext): Promise<OrganizationRow> {
  await lockOrganization(context.tx, context.dialect, context.organizationId);
  const organization = await getOrganization(context.tx, context.organizationId);
  if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  return organization;
}

function checkRolesGrantable(kind: OrganizationKind, grantor: Grantor, roles: readonly Role[]): void {
  const allowed = ROLES_BY_KIND[kind];
  for (const role of roles) {
    if (!allowed.includes(role)) throw new DomainError('ROLE_NOT_FOR_ORGANIZATION', { role, kind });
  }
  const adminRole = ADMIN_ROLE_BY_KIND[kind];
  if (grantor.isVendorAdmin || grantor.roles.has(adminRole)) return;
  if (roles.some((role) => !NON_ESCALATING_ROLES.includes(role))) throw new DomainError('ROLE_REQUIRED', { roles: [adminRole] });
}

async function rolesOf(tx: Tx, organizationId: string, userId: string): Promise<Role[]> {
  const rows = await tx.selectFrom('memberships').select('role').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  return rows.map((r) => r.role as Role);
}

async function ensureAnAdminRemains(tx: Tx, organization: OrganizationRow): Promise<void> {
  const adminRole = ADMIN_ROLE_BY_KIND[organization.kind as OrganizationKind];
  const admins = await tx
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organization_id', '=', organization.id)
    .where('role', '=', adminRole)
    .executeTakeFirstOrThrow();
  if (Number(admins.count) === 0) throw new DomainError('LAST_GLOBAL_ADMIN');
}

async function writeRoles(tx: Tx, organizationId: string, userId: string, roles: readonly Role[], now: Temporal.Instant): Promise<void> {
  await tx.deleteFrom('memberships').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  if (roles.length === 0) return;
  const createdAt = toStoredInstant(now);
  await tx
    .insertInto('memberships')
    .values([...new Set(roles)].map((role) => ({ organization_id: organizationId, user_id: userId, role, created_at: createdAt })))
    .execute();
}

export interface AddMemberInput {
  email: string;
  name: string;
  roles: Role[];
  password?: string | undefined;
  locale?: 'ja' | 'en' | undefined;
}

export async function addMember(context: MemberChangeContext, input: AddMemberInput) {
  const { tx, audit, organizationId } = context;
  const organization = await lockedOrganization(context);
  checkRolesGrantable(organization.kind as OrganizationKind, context.grantor, input.roles);
  let user = await findUserByEmail(tx, input.email);
  const isNewUser = !user;
  let initialPassword: string | undefined;
  if (!user) {
    initialPassword = input.password === undefined ? generatePassword() : undefined;
    user = await createUser(tx, audit.now, { email: input.email, name: input.name, password: input.password ?? initialPassword!, locale: input.locale });
  }
  const current = await rolesOf(tx, organizationId, user.id);
  const roles = [...new Set([...current, ...input.roles])];
  await writeRoles(tx, organizationId, user.id, roles, audit.now);
  await recordAudit(tx, audit, {
    organizationId,
    action: 'member.added',
    target: { type: 'user', id: user.id },
    data: { email: user.email, roles, newUser: isNewUser },
  });
  return { user, roles, initialPassword, isNewUser };
}

export async function setMemberRoles(context: MemberChangeContext, userId: string, roles: Role[]) {
  const { tx, audit, organizationId } = context;
  const organization = await lockedOrganization(context);
  const current = await rolesOf(tx, organizationId, userId);
  if (current.length === 0) throw new DomainError('NOT_FOUND', { resource: 'member' });
  const added = roles.filter((r) => !current.includes(r));
  const removed = current.filter((r) => !roles.includes(r));
  checkRolesGrantable(organization.kind as OrganizationKind, context.grantor, [...added, ...removed]);
  if (roles.length === 0) throw new DomainError('VALIDATION_FAILED', { summary: 'roles must not be empty; remove the member instead' });
  await writeRoles(tx, organizationId, userId, roles, audit.now);
  await ensureAnAdminRemains(tx, organization);
  await recordAudit(tx, audit, { organizationId, action: 'member.roles_changed', target: { type: 'user', id: userId }, data: { added, removed } });
  const user = await getUser(tx, userId);
  return { user: user!, roles };
}

export async function removeMember(context: MemberChangeContext, userId: string): Promise<void> {
  const { tx, audit, organizationId } = context;
  const organization = await lockedOrganization(context);
  const current = await rolesOf(tx, organizationId, userId);
  if (current.length === 0) throw new DomainError('NOT_FOUND', { resource: 'member' });
  checkRolesGrantable(organization.kind as OrganizationKind, context.grantor, current);
  await writeRoles(tx, organizationId, userId, [], audit.now);
  await ensureAnAdminRemains(tx, organization);
  await recordAudit(tx, audit, { organizationId, action: 'member.removed', target: { type: 'user', id: userId }, data: { roles: current } });
}

export function grantorOf(roles: ReadonlySet<Role>, vendorRolesHeld: ReadonlySet<Role>): Grantor {
  return { roles, isVendorAdmin: hasAnyRole(vendorRolesHeld, ['vendor_admin']) };
}
