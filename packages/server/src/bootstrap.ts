// First start on an empty database: make the vendor organization and its first administrator,
// and say once how to sign in. A marker row makes it happen exactly once, even when several
// processes start together (the marker is inserted in the same transaction, under its key).
import type { Temporal } from 'temporal-polyfill';
import type { Kysely } from 'kysely';
import type { Principal } from './auth/principal.ts';
import type { DB } from './db/schema.ts';
import { inTransaction, type Tx } from './db/transaction.ts';
import { DomainError } from './errors/domain-error.ts';
import { addMember } from './modules/members/service.ts';
import { createOrganization } from './modules/organizations/service.ts';
import { findVendorOrganizationId } from './modules/organizations/store.ts';
import { findUserByEmail } from './modules/users/store.ts';
import { generatePassword } from './modules/users/service.ts';
import type { DialectName } from './db/connect.ts';

const BOOTSTRAP_MARKER = 'bootstrapped_at';
const SYSTEM: Principal = { kind: 'anonymous' };

export interface VendorAdmin {
  email: string;
  name: string;
  password?: string | undefined;
}

async function ensureVendorOrganization(tx: Tx, now: Temporal.Instant): Promise<string> {
  const existing = await findVendorOrganizationId(tx);
  if (existing) return existing;
  const row = await createOrganization(tx, { principal: SYSTEM, now }, { kind: 'vendor', name: 'Vendor', country: 'JP' });
  return row.id;
}

/** Adds a vendor administrator (the CLI's `admin create`); makes the vendor organization if needed. */
export async function createVendorAdmin(
  tx: Tx,
  dialect: DialectName,
  now: Temporal.Instant,
  admin: VendorAdmin,
): Promise<{ userId: string; organizationId: string; password: string | undefined }> {
  const organizationId = await ensureVendorOrganization(tx, now);
  const existing = await findUserByEmail(tx, admin.email);
  if (existing) {
    const roles = await tx.selectFrom('memberships').select('role').where('organization_id', '=', organizationId).where('user_id', '=', existing.id).execute();
    if (roles.some((r) => r.role === 'vendor_admin')) throw new DomainError('ADMIN_ALREADY_EXISTS');
  }
  // An existing user keeps the password they have; only a new one gets a password from here.
  const password = existing ? undefined : (admin.password ?? generatePassword());
  const result = await addMember(
    { tx, dialect, audit: { principal: SYSTEM, now }, organizationId, grantor: { roles: new Set(), isVendorAdmin: true } },
    { email: admin.email, name: admin.name, roles: ['vendor_admin'], password },
  );
  return { userId: result.user.id, organizationId, password: admin.password || existing ? undefined : password };
}

export type BootstrapOutcome = { kind: 'already-done' } | { kind: 'created'; email: string; password: string };

export async function bootstrapOnce(
  db: Kysely<DB>,
  dialect: DialectName,
  now: Temporal.Instant,
  admin: { email: string; name: string },
): Promise<BootstrapOutcome> {
  return inTransaction(db, async (tx) => {
    const inserted = await tx
      .insertInto('instance_settings')
      .values({ key: BOOTSTRAP_MARKER, value: now.toString() })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!inserted) return { kind: 'already-done' };
    // An administrator made by `licentia admin create` before the first start is enough.
    const vendorId = await findVendorOrganizationId(tx);
    if (vendorId) return { kind: 'already-done' };
    const created = await createVendorAdmin(tx, dialect, now, admin);
    return { kind: 'created', email: admin.email, password: created.password! };
  });
}
