// Delegated administration mail (registered in notifications/event-registry.ts): the event's
// facts and today's state of the relationship, read when the mail is written. Each side gets the
// event in its own organization, so the audience is the organization's kind. A notice that has
// become moot is not sent: an offer no longer open (or past its deadline, whose link would not
// work), an acceptance or expiry notice of a relationship that has ended or been extended since.
import { Temporal } from 'temporal-polyfill';
import { formatPartnerId, AUTO_EXTENSION_DAYS, type DelegableRole } from '@licentia/core/partners';
import { localDate } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { Built, MessageBuilder, MessageSource } from '../notifications/messages.ts';
import { payloadString } from '../notifications/subscription-facts.ts';
import type { DelegationAudience } from '../notifications/templates/index.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import { findPartnerByOrganization, type Partner } from '../partners/store.ts';
import { rolesOf, type DelegationRow } from './store.ts';
import { acceptanceToken } from './tokens.ts';

interface DelegationFacts {
  row: DelegationRow;
  customer: OrganizationRow;
  partner: Partner;
  roles: readonly [DelegableRole, ...DelegableRole[]];
  audience: DelegationAudience;
  common: { organizationName: string; timeZone: string; recipientName: string; portalUrl: string };
}

async function factsOf(source: MessageSource): Promise<DelegationFacts> {
  const { payload } = source.event;
  const customerId = payloadString(payload, 'customerOrganizationId');
  const delegationId = payloadString(payload, 'delegationId');
  const row = await source.db.selectFrom('delegations').selectAll().where('customer_organization_id', '=', customerId).where('id', '=', delegationId).executeTakeFirst();
  // A mail about a relationship that does not exist would say something false: fail the delivery.
  if (!row) throw new Error(`delegation ${delegationId} of ${customerId} not found`);
  const customer = await getOrganization(source.db, customerId);
  const partner = await findPartnerByOrganization(source.db, row.partner_organization_id);
  if (!customer || !partner) throw new Error(`a party of delegation ${delegationId} is missing`);
  const [first, ...rest] = rolesOf(row) as DelegableRole[];
  if (!first) throw new Error(`delegation ${delegationId} grants no role`);
  return {
    row,
    customer,
    partner,
    roles: [first, ...rest],
    audience: source.organization.kind === 'partner' ? 'partner' : 'customer',
    common: {
      organizationName: customer.name,
      timeZone: customer.time_zone,
      recipientName: source.recipientName,
      portalUrl: source.links.delegation(source.event.organizationId, row.id),
    },
  };
}

const activeUntil = (facts: DelegationFacts, now: Temporal.Instant) =>
  facts.row.state === 'active' && (facts.row.auto_extend === 1 || toStoredInstant(now) < facts.row.ends_at!);

export const buildDelegationOffer: MessageBuilder = async (source): Promise<Built> => {
  const facts = await factsOf(source);
  const { row } = facts;
  if (row.state !== 'offered') return { skip: `the offer is ${row.state} now` };
  if (toStoredInstant(source.now) >= row.accept_until) return { skip: `the offer could be accepted until ${row.accept_by}` };
  return {
    input: {
      ...facts.common,
      kind: 'delegated_admin_offer',
      partnerName: facts.partner.name,
      partnerId: formatPartnerId(facts.partner.partnerId),
      roles: facts.roles,
      durationDays: row.duration_days,
      autoExtend: row.auto_extend === 1,
      acceptUrl: source.links.delegationAcceptance(row.customer_organization_id, row.id, acceptanceToken(source.secrets, row.id)),
      acceptBy: row.accept_by,
    },
  };
};

export const buildDelegationAccepted: MessageBuilder = async (source): Promise<Built> => {
  const facts = await factsOf(source);
  if (!activeUntil(facts, source.now)) return { skip: 'the delegation has ended' };
  return {
    input: {
      ...facts.common,
      kind: 'delegated_admin_accepted',
      audience: facts.audience,
      partnerName: facts.partner.name,
      roles: facts.roles,
      acceptedOn: localDate(Temporal.Instant.from(facts.row.accepted_at!), facts.customer.time_zone).toString(),
      endDate: facts.row.end_date!,
      autoExtend: facts.row.auto_extend === 1,
    },
  };
};

export const buildDelegationExpiring: MessageBuilder = async (source): Promise<Built> => {
  const facts = await factsOf(source);
  const endDate = payloadString(source.event.payload, 'endDate');
  if (!activeUntil(facts, source.now)) return { skip: 'the delegation has ended' };
  if (facts.row.end_date !== endDate) return { skip: `the term ending ${endDate} was extended` };
  const today = localDate(source.now, facts.customer.time_zone);
  if (Temporal.PlainDate.compare(today, Temporal.PlainDate.from(endDate)) > 0) return { skip: `the term ended on ${endDate}` };
  return {
    input: {
      ...facts.common,
      kind: 'delegated_admin_expiring',
      audience: facts.audience,
      daysBefore: Number(source.event.payload.daysBefore) as 30 | 7 | 1,
      today: today.toString(),
      partnerName: facts.partner.name,
      roles: facts.roles,
      endDate,
      extendedUntil: facts.row.auto_extend === 1 ? Temporal.PlainDate.from(endDate).add({ days: AUTO_EXTENSION_DAYS }).toString() : undefined,
    },
  };
};

const ENDED_REASONS = { expired: 'expired', terminated_by_customer: 'ended_by_customer', terminated_by_partner: 'ended_by_partner' } as const;

export const buildDelegationEnded: MessageBuilder = async (source): Promise<Built> => {
  const facts = await factsOf(source);
  const reason = payloadString(source.event.payload, 'reason');
  // An offer declined, withdrawn or left to lapse never gave access: webhooks hear of it, nobody
  // is mailed that an access they never had has ended.
  if (!Object.hasOwn(ENDED_REASONS, reason)) return { skip: `an offer that was never accepted (${reason})` };
  return {
    input: {
      ...facts.common,
      kind: 'delegated_admin_ended',
      audience: facts.audience,
      partnerName: facts.partner.name,
      reason: ENDED_REASONS[reason as keyof typeof ENDED_REASONS],
      endedOn: payloadString(source.event.payload, 'endedOn'),
    },
  };
};
