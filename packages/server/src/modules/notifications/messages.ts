// From an outbox event to a template's input, written when the mail is sent (not when the
// event is fanned out): a mail rendered late says what is true when it is read ("7 days left"
// from today), and a reminder whose term was renewed meanwhile is not sent at all (SPEC §4:
// "never after the term is renewed"). Event payloads are small; what they do not carry
// (names, seats, the plan's lifecycle numbers) is read here, and the date a payload names wins
// over one derived from the plan.
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { autoRenewChangeDeadline, cancelledDeletedFrom, localDate, stateBoundaries, type SubscriptionState } from '@licentia/core/lifecycle';
import type { DB } from '../../db/schema.ts';
import type { ServerSecrets } from '../../security/secrets.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import type { Links } from './links.ts';
import { payloadDate, payloadString, subscriptionFacts, type SubscriptionFacts } from './subscription-facts.ts';
import type { EmailLanguage, EmailMessageInput, SubscriptionChange, SubscriptionChangeKind } from './templates/index.ts';

export interface StoredEvent {
  id: string;
  organizationId: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Temporal.Instant;
}

export interface MessageSource {
  db: Kysely<DB>;
  /** For what a mail carries but nothing stores: the token of a delegated-admin acceptance link. */
  secrets: ServerSecrets;
  event: StoredEvent;
  organization: OrganizationRow;
  language: EmailLanguage;
  recipientName: string;
  links: Links;
  now: Temporal.Instant;
}

/** A mail to write, or why none is written any more (the delivery is then cancelled). */
export type Built = { input: EmailMessageInput } | { skip: string };
export type MessageBuilder = (source: MessageSource) => Promise<Built>;

function common(source: MessageSource, portalUrl: string) {
  return { organizationName: source.organization.name, timeZone: source.organization.time_zone, recipientName: source.recipientName, portalUrl };
}

async function factsOf(source: MessageSource): Promise<SubscriptionFacts> {
  return subscriptionFacts(source.db, {
    organizationId: source.event.organizationId,
    subscriptionId: payloadString(source.event.payload, 'subscriptionId'),
    timeZone: source.organization.time_zone,
    language: source.language,
    now: source.now,
  });
}

function portal(source: MessageSource, facts: SubscriptionFacts): string {
  return source.links.subscription(facts.row.organization_id, facts.row.id);
}

/** A notice of a state is moot once the subscription has left it (renewed, say). */
function stillIn(facts: SubscriptionFacts, states: readonly SubscriptionState[]): string | undefined {
  return states.includes(facts.state) ? undefined : `the subscription is ${facts.state} now`;
}

const date = (value: Temporal.PlainDate) => value.toString();

export const buildRenewalReminder: MessageBuilder = async (source) => {
  const facts = await factsOf(source);
  const { payload } = source.event;
  const endDate = payloadDate(payload, 'endDate') ?? facts.row.end_date;
  if (facts.row.end_date !== endDate) return { skip: `the term ending ${endDate} was renewed` };
  const moot = stillIn(facts, ['active']);
  if (moot) return { skip: moot };
  if (Temporal.PlainDate.compare(facts.today, Temporal.PlainDate.from(endDate)) > 0) return { skip: `the term ended on ${endDate}` };
  const end = Temporal.PlainDate.from(endDate);
  const daysBefore = Number(payload.daysBefore) as 60 | 30 | 7 | 1;
  const base = {
    ...common(source, portal(source, facts)),
    kind: 'renewal_reminder' as const,
    daysBefore,
    today: date(facts.today),
    subscription: facts.summary,
    disabledFrom: date(stateBoundaries(end, facts.policy).disabledFrom),
    preferencesUrl: source.links.preferences(),
  };
  const autoRenew = typeof payload.autoRenew === 'boolean' ? payload.autoRenew : facts.row.auto_renew === 1;
  if (!autoRenew) return { input: { ...base, autoRenew: false } };
  return {
    input: {
      ...base,
      autoRenew: true,
      autoRenewCutoffDate: payloadDate(payload, 'autoRenewCutoffDate') ?? date(autoRenewChangeDeadline(end, facts.policy)),
      cancellationWindowHours: facts.policy.cancellationWindowHours,
    },
  };
};

export const buildSubscriptionExpired: MessageBuilder = async (source) => {
  const facts = await factsOf(source);
  const moot = stillIn(facts, ['expired']);
  if (moot) return { skip: moot };
  const disabledFrom = payloadDate(source.event.payload, 'disabledFrom') ?? date(stateBoundaries(Temporal.PlainDate.from(facts.row.end_date), facts.policy).disabledFrom);
  return { input: { ...common(source, portal(source, facts)), kind: 'subscription_expired', subscription: facts.summary, disabledFrom } };
};

function deletedFromOf(source: MessageSource, facts: SubscriptionFacts): string {
  const given = payloadDate(source.event.payload, 'deletedFrom');
  if (given) return given;
  if (facts.row.cancelled_on) return date(cancelledDeletedFrom(Temporal.PlainDate.from(facts.row.cancelled_on), facts.policy));
  return date(stateBoundaries(Temporal.PlainDate.from(facts.row.end_date), facts.policy).deletedFrom);
}

export const buildSubscriptionDisabled: MessageBuilder = async (source) => {
  const facts = await factsOf(source);
  const moot = stillIn(facts, ['disabled']);
  if (moot) return { skip: moot };
  const disabledFrom = payloadDate(source.event.payload, 'disabledFrom') ?? date(stateBoundaries(Temporal.PlainDate.from(facts.row.end_date), facts.policy).disabledFrom);
  return {
    input: { ...common(source, portal(source, facts)), kind: 'subscription_disabled', subscription: facts.summary, disabledFrom, deletedFrom: deletedFromOf(source, facts) },
  };
};

export const buildSubscriptionDeletionSoon: MessageBuilder = async (source) => {
  const facts = await factsOf(source);
  const moot = stillIn(facts, ['disabled', 'cancelled']);
  if (moot) return { skip: moot };
  return { input: { ...common(source, portal(source, facts)), kind: 'subscription_deletion_soon', subscription: facts.summary, deletedFrom: deletedFromOf(source, facts) } };
};

export const buildSubscriptionReactivated: MessageBuilder = async (source) => {
  const facts = await factsOf(source);
  const moot = stillIn(facts, ['active']);
  if (moot) return { skip: moot };
  let termStartDate = payloadDate(source.event.payload, 'termStart', 'termStartDate', 'startDate');
  if (!termStartDate) {
    const renewal = await source.db
      .selectFrom('subscription_changes')
      .select('term_start')
      .where('organization_id', '=', facts.row.organization_id)
      .where('subscription_id', '=', facts.row.id)
      .where('kind', '=', 'renewal')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    termStartDate = renewal?.term_start ?? facts.row.start_date;
  }
  return { input: { ...common(source, portal(source, facts)), kind: 'subscription_reactivated', subscription: facts.summary, termStartDate } };
};

interface RefundLinePayload {
  source?: string;
  kind?: string;
}

/** Cancelled in a window: what users lose, until when administrators keep the data, what is refunded. */
export const buildSubscriptionCancelled: MessageBuilder = async (source) => {
  const facts = await factsOf(source);
  // Once its data is deleted the notice has nothing left to say.
  const moot = stillIn(facts, ['cancelled']);
  if (moot) return { skip: moot };
  const { payload } = source.event;
  const lines = (Array.isArray(payload.refunds) ? payload.refunds : []) as RefundLinePayload[];
  return {
    input: {
      ...common(source, portal(source, facts)),
      kind: 'subscription_cancelled',
      subscription: facts.summary,
      cancelledOn: payloadDate(payload, 'cancelledOn') ?? facts.row.cancelled_on!,
      deletedFrom: deletedFromOf(source, facts),
      refund: { amount: Number(payload.refundMinor ?? 0), currency: payloadString(payload, 'currency') },
      // A trial key bought nothing: there is nothing for a seller to refund.
      byKey: lines.some((line) => line.source === 'key' && line.kind !== 'trial'),
    },
  };
};

const CHANGE_OF_EFFECT: Record<string, SubscriptionChangeKind> = {
  subscription_created: 'subscription',
  trial_started: 'trial',
  seats_added: 'add_seats',
  renewed: 'renewal',
};

interface RedemptionEffectPayload {
  keyId?: string;
  last5?: string;
  effect: string;
  subscriptionId: string;
  seats: number;
  startDate: string;
  endDate: string;
}

/** The redemption as it was completed: the effects' own dates and seats, today's names. */
export const buildRedemptionConfirmed: MessageBuilder = async (source) => {
  const effects = (source.event.payload.effects ?? []) as RedemptionEffectPayload[];
  const changes: SubscriptionChange[] = [];
  for (const effect of effects) {
    const facts = await subscriptionFacts(source.db, {
      organizationId: source.event.organizationId,
      subscriptionId: effect.subscriptionId,
      timeZone: source.organization.time_zone,
      language: source.language,
      now: source.now,
    });
    const change = CHANGE_OF_EFFECT[effect.effect] ?? 'subscription';
    // The change row the key made says exactly what it added: a renewal's own term, the seats
    // a seat addition added and the day they count from (the effect names the whole subscription).
    const made = effect.keyId
      ? await source.db
          .selectFrom('subscription_changes')
          .select(['term_start', 'seats'])
          .where('organization_id', '=', source.event.organizationId)
          .where('product_key_id', '=', effect.keyId)
          .executeTakeFirst()
      : undefined;
    changes.push({
      ...facts.summary,
      seats: effect.seats,
      endDate: effect.endDate,
      change,
      startDate: made?.term_start ?? effect.startDate,
      seatsAdded: change === 'add_seats' ? made?.seats : undefined,
      keyLastFive: effect.last5,
    });
  }
  const [first, ...rest] = changes;
  if (!first) return { skip: 'the redemption changed no subscription' };
  return {
    input: {
      ...common(source, source.links.organization(source.event.organizationId)),
      kind: 'redemption_confirmed',
      redeemedOn: date(localDate(source.event.occurredAt, source.organization.time_zone)),
      changes: [first, ...rest],
      newOrganization: source.event.payload.organizationCreated === true,
      partnerName: await partnerNameOf(source),
    },
  };
};

/** The partner that redeemed on the customer's behalf, when one did (modules/redemption). */
async function partnerNameOf(source: MessageSource): Promise<string | undefined> {
  const partnerId = source.event.payload.partnerOrganizationId;
  if (typeof partnerId !== 'string') return undefined;
  return (await getOrganization(source.db, partnerId))?.name;
}
