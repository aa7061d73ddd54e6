// Test support only: partners and delegated administration relationships made through the
// services (fast, no HTTP), in any state a test needs.
import type { DelegableRole } from '@licentia/core/partners';
import { formatPartnerId } from '@licentia/core/partners';
import { inTransaction } from '../../db/transaction.ts';
import type { FixtureContext } from '../../../test/support/app.ts';
import { createActor, createOrg } from '../../../test/support/fixtures.ts';
import { findPartnerByOrganization } from '../partners/store.ts';
import { setDelegatedAdminEnrollment } from '../partners/service.ts';
import { acceptDelegation } from './accept.ts';
import { offerDelegation, type DelegationContext } from './offer.ts';
import type { DelegationRow } from './store.ts';
import { terminateDelegation } from './terminate.ts';
import { acceptanceToken } from './tokens.ts';

const SYSTEM = { kind: 'anonymous' as const };

export interface TestPartner {
  organizationId: string;
  /** Formatted, as the API shows it. */
  partnerId: string;
}

/** A partner organization, enrolled in the delegated-admin program unless told otherwise. */
export async function createTestPartner(t: FixtureContext, options: { name?: string; enrolled?: boolean } = {}): Promise<TestPartner> {
  const organization = await createOrg(t, { kind: 'partner', name: options.name ?? 'Partner KK' });
  const db = t.ctx.database.db;
  let partner = (await findPartnerByOrganization(db, organization.id))!;
  if (options.enrolled ?? true) {
    partner = await inTransaction(db, (tx) => setDelegatedAdminEnrollment(tx, { principal: SYSTEM, now: t.clock.now() }, partner, true));
  }
  return { organizationId: organization.id, partnerId: formatPartnerId(partner.partnerId) };
}

function context(t: FixtureContext, tx: DelegationContext['tx'], principal: DelegationContext['audit']['principal']): DelegationContext {
  return { tx, dialect: t.ctx.database.dialect, secrets: t.ctx.secrets, audit: { principal, now: t.clock.now() } };
}

export interface TestDelegationOptions {
  roles?: DelegableRole[];
  durationDays?: number;
  autoExtend?: boolean;
  /** offered (default), active (accepted by a new global admin of the customer), or ended by the customer. */
  state?: 'offered' | 'active' | 'terminated';
}

/** A relationship between the partner and the customer, and its acceptance token. */
export async function createTestDelegation(
  t: FixtureContext,
  partnerOrganizationId: string,
  customerOrganizationId: string,
  options: TestDelegationOptions = {},
): Promise<{ row: DelegationRow; token: string }> {
  const db = t.ctx.database.db;
  let row = await inTransaction(db, (tx) =>
    offerDelegation(context(t, tx, SYSTEM), {
      partnerOrganizationId,
      customerOrganizationId,
      roles: options.roles ?? ['billing_admin'],
      durationDays: options.durationDays ?? 365,
      autoExtend: options.autoExtend ?? false,
    }),
  );
  const token = acceptanceToken(t.ctx.secrets, row.id);
  if (options.state === 'active' || options.state === 'terminated') {
    const admin = await createActor(t, customerOrganizationId, ['global_admin']);
    const principal = { kind: 'user' as const, userId: admin.userId, roles: new Map([[customerOrganizationId, new Set(['global_admin' as const])]]), vendorOrganizationId: undefined };
    row = await inTransaction(db, (tx) => acceptDelegation(context(t, tx, principal), { customerOrganizationId, delegationId: row.id, token }));
    if (options.state === 'terminated') {
      row = await inTransaction(db, (tx) => terminateDelegation(context(t, tx, principal), { organizationId: customerOrganizationId, delegationId: row.id }));
    }
  }
  return { row, token };
}
