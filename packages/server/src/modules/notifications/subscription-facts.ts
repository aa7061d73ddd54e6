// What a mail about a subscription says about it, read when the mail is written: names in the
// reader's language, seats, the end date, the plan's lifecycle policy and today's state.
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { localDate, type LifecyclePolicy, type SubscriptionState } from '@licentia/core/lifecycle';
import type { DB } from '../../db/schema.ts';
import { stateOf, type SubscriptionRow } from '../subscriptions/service.ts';
import type { EmailLanguage, SubscriptionSummary } from './templates/index.ts';

export interface SubscriptionFacts {
  row: SubscriptionRow;
  policy: LifecyclePolicy;
  summary: SubscriptionSummary;
  /** The derived state on the organization's day of `now`. */
  state: SubscriptionState;
  today: Temporal.PlainDate;
}

/**
 * Templates name a subscription "Product (plan)", with the plan as a qualifier ("1 year");
 * catalog plan names are whole ("Office Business (1 year)", the catalog's default). The
 * product's name and the brackets are taken off when the plan's name starts with it, so the
 * mail does not say "Office Business (Office Business (1 year))".
 */
export function planQualifier(productName: string, planName: string): string {
  if (!planName.startsWith(productName)) return planName;
  const rest = planName.slice(productName.length).trim();
  const bracketed = /^[(（](.*)[)）]$/.exec(rest);
  const qualifier = (bracketed ? bracketed[1]! : rest).trim();
  return qualifier === '' ? planName : qualifier;
}

export async function subscriptionFacts(
  db: Kysely<DB>,
  input: { organizationId: string; subscriptionId: string; timeZone: string; language: EmailLanguage; now: Temporal.Instant },
): Promise<SubscriptionFacts> {
  const found = await db
    .selectFrom('subscriptions as s')
    .innerJoin('plans as p', 'p.id', 's.plan_id')
    .innerJoin('products as pr', 'pr.id', 'p.product_id')
    .selectAll('s')
    .select(['p.name_en as plan_en', 'p.name_ja as plan_ja', 'p.lifecycle_policy as policy', 'pr.name_en as product_en', 'pr.name_ja as product_ja'])
    .where('s.organization_id', '=', input.organizationId)
    .where('s.id', '=', input.subscriptionId)
    .executeTakeFirst();
  // A mail about a subscription that does not exist would say something false: fail the delivery.
  if (!found) throw new Error(`subscription ${input.subscriptionId} of ${input.organizationId} not found`);
  const { plan_en, plan_ja, policy: policyJson, product_en, product_ja, ...row } = found;
  const policy = JSON.parse(policyJson) as LifecyclePolicy;
  const productName = input.language === 'ja' ? product_ja : product_en;
  const today = localDate(input.now, input.timeZone);
  return {
    row,
    policy,
    summary: {
      productName,
      planName: planQualifier(productName, input.language === 'ja' ? plan_ja : plan_en),
      seats: row.seats,
      endDate: row.end_date,
    },
    state: stateOf(row, policy, today),
    today,
  };
}

/** A civil date field of an event payload, when the event carries it. */
export function payloadDate(payload: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = payload[name];
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  }
  return undefined;
}

export function payloadString(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== 'string' || value === '') throw new Error(`event payload has no ${name}`);
  return value;
}
