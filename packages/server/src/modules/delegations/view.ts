// A delegated administration relationship as the API shows it, to both sides. Its status is
// derived at the moment of reading: an offer past its acceptance deadline shows `offer_expired`
// and an access past its end shows `ended`/`expired` even before the sweeper records it, as
// every request already treats it (auth/delegation.ts).
import type { Temporal } from 'temporal-polyfill';
import { formatPartnerId, type DelegableRole } from '@licentia/core/partners';
import { toStoredInstant } from '../../clock.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import type { Partner } from '../partners/store.ts';
import type { DelegationView } from './schemas.ts';
import { rolesOf, type DelegationRow } from './store.ts';

export type DelegationStatus = DelegationView['status'];

export function delegationStatus(row: DelegationRow, now: Temporal.Instant): { status: DelegationStatus; endReason: DelegationView['endReason'] } {
  const at = toStoredInstant(now);
  if (row.state === 'offered') return at >= row.accept_until ? { status: 'ended', endReason: 'offer_expired' } : { status: 'offered', endReason: null };
  if (row.state === 'active') {
    if (row.auto_extend === 0 && row.ends_at !== null && at >= row.ends_at) return { status: 'ended', endReason: 'expired' };
    return { status: 'active', endReason: null };
  }
  return { status: 'ended', endReason: row.end_reason as DelegationView['endReason'] };
}

export function toDelegationView(row: DelegationRow, parties: { customer: OrganizationRow; partner: Partner }, now: Temporal.Instant): DelegationView {
  return {
    id: row.id,
    customer: { organizationId: row.customer_organization_id, name: parties.customer.name, timeZone: parties.customer.time_zone },
    partner: { organizationId: row.partner_organization_id, partnerId: formatPartnerId(parties.partner.partnerId), name: parties.partner.name },
    roles: rolesOf(row) as DelegableRole[],
    durationDays: row.duration_days,
    autoExtend: row.auto_extend === 1,
    ...delegationStatus(row, now),
    offeredAt: row.offered_at,
    acceptBy: row.accept_by,
    acceptedAt: row.accepted_at,
    termStart: row.term_start,
    endDate: row.end_date,
    endsAt: row.ends_at,
    extensions: row.extensions,
    endedAt: row.ended_at,
  };
}
