// New subscriptions: a coterminous purchase (aligned with an existing subscription) and the
// switch to direct billing, each with a preview that changes nothing. Customers buy either
// through an order (billing, purposes coterminous and direct_billing, at the previewed price);
// the routes that apply them here at once are vendor administrators' grants, without a payment
// (permissions.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { runMutation } from '../../http/mutation.ts';
import { OneOf, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { quoteCoterminous, type CoterminousQuote } from './coterminous.ts';
import { DIRECT_BILLING_STARTS, quoteDirectBilling, switchToDirectBilling, type DirectBillingQuote } from './direct-billing.ts';
import { grantDescription, quoteAccess, vendorGrantAccess } from './permissions.ts';
import { CivilDate, Confirm, ExpectedAmount, MoneySchema, OrganizationParams, Seats, SubscriptionParams, SubscriptionSchema } from './schemas.ts';
import { createSubscription } from './service.ts';
import { planDetails, requireOrganization, requireSubscription } from './store.ts';
import { loadView, money } from './view.ts';
import { DomainError } from '../../errors/domain-error.ts';

const CoterminousFields = {
  planId: Type.String({ maxLength: 64, description: 'The plan to buy' }),
  seats: Seats,
  alignWithSubscriptionId: Type.String({ maxLength: 64, description: 'The subscription of this organization to end together with' }),
  startDate: Type.Optional(Type.String({ format: 'date', description: 'First day (today or later); default today' })),
  purchase: Type.Optional(
    OneOf(['new_subscription', 'seat_addition', 'renewal', 'mid_term_change'] as const, {
      description: 'What is being bought (default new_subscription): only a new subscription can be aligned; seat additions and renewals follow their own term already',
    }),
  ),
};
const CoterminousBody = StrictObject(CoterminousFields);
const CoterminousQuoteSchema = Type.Object({
  plan: Type.Object({ id: Type.String(), sku: Type.String(), termMonths: Type.Integer() }),
  seats: Type.Integer(),
  startDate: CivilDate,
  endDate: CivilDate,
  nextTermStart: CivilDate,
  monthsCharged: Type.Integer({ description: 'Months of the first term charged; a started month counts whole' }),
  price: MoneySchema,
  alignedWith: Type.Object({ subscriptionId: Type.String(), endDate: CivilDate }),
});

function toCoterminousView(quote: CoterminousQuote): Static<typeof CoterminousQuoteSchema> {
  return {
    plan: { id: quote.plan.catalog.id, sku: quote.plan.catalog.sku, termMonths: quote.plan.catalog.termMonths },
    seats: quote.seats,
    startDate: quote.term.start.toString(),
    endDate: quote.term.end.toString(),
    nextTermStart: quote.term.nextTermStart.toString(),
    monthsCharged: quote.term.monthsCharged,
    price: money(quote.amountMinor, quote.plan.catalog.price.currency),
    alignedWith: { subscriptionId: quote.target.id, endDate: quote.target.end_date },
  };
}

const DirectStart = OneOf(DIRECT_BILLING_STARTS, {
  description: 'after_current_end (the default while active): starts the day after the end date, so no paid time is lost; now: starts today',
});
const DirectBillingQuoteSchema = Type.Object({
  start: DirectStart,
  startDate: CivilDate,
  endDate: CivilDate,
  seats: Type.Integer(),
  price: MoneySchema,
  daysGivenUp: Type.Integer({ description: 'Days of the current term left unused by starting now' }),
});

function toDirectBillingView(quote: DirectBillingQuote): Static<typeof DirectBillingQuoteSchema> {
  return {
    start: quote.start,
    startDate: quote.term.start.toString(),
    endDate: quote.term.end.toString(),
    seats: quote.seats,
    price: money(quote.amountMinor, quote.currency),
    daysGivenUp: quote.daysGivenUp,
  };
}

export async function purchaseRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  app.post('/v1/organizations/:organizationId/coterminous-purchases/preview', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Dates and price of a new subscription ending with an existing one (first term priced by months); changes nothing',
      params: OrganizationParams,
      body: CoterminousBody,
      response: { 200: CoterminousQuoteSchema },
    },
    config: { access: quoteAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    return toCoterminousView(await quoteCoterminous(db, request.principal, organization, request.body, request.now));
  });

  app.post('/v1/organizations/:organizationId/coterminous-purchases', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Vendor administrators: a new subscription ending with an existing one, at the previewed price, without a payment',
      description: grantDescription('{ "purpose": "coterminous", planId, seats, alignWithSubscriptionId }'),
      params: OrganizationParams,
      body: StrictObject({ ...CoterminousFields, expectedAmountMinor: Type.Optional(ExpectedAmount), confirm: Confirm }),
      response: { 201: Type.Object({ purchase: CoterminousQuoteSchema, subscription: SubscriptionSchema }) },
    },
    config: { access: vendorGrantAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const { expectedAmountMinor, confirm: _confirm, ...wanted } = request.body;
      const quote = await quoteCoterminous(tx, request.principal, organization, wanted, request.now);
      if (expectedAmountMinor !== undefined && expectedAmountMinor !== quote.amountMinor) {
        throw new DomainError('PRICE_CHANGED', { expectedAmountMinor, amountMinor: quote.amountMinor, currency: quote.plan.catalog.price.currency });
      }
      const { start, end, anchorDay } = quote.term;
      const row = await createSubscription(
        tx,
        auditContextOf(request),
        { organization, plan: quote.plan.rules, seats: quote.seats, trial: false, firstTerm: { start, end, anchorDay } },
        { source: 'order', amountMinor: quote.amountMinor },
      );
      return { status: 201, body: { purchase: toCoterminousView(quote), subscription: await loadView(tx, organization, row, request.now) } };
    }),
  );

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/direct-billing/preview', {
    schema: {
      tags: ['subscriptions'],
      summary: 'What switching to direct billing would create (start, dates, price); changes nothing',
      params: SubscriptionParams,
      body: StrictObject({ start: Type.Optional(DirectStart) }),
      response: { 200: DirectBillingQuoteSchema },
    },
    config: { access: quoteAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    const subscription = await requireSubscription(db, organization.id, request.params.subscriptionId);
    const plan = await planDetails(db, subscription.plan_id);
    return toDirectBillingView(quoteDirectBilling({ subscription, plan, organization, start: request.body.start, now: request.now }));
  });

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/direct-billing', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Vendor administrators: switch to direct billing without a payment: a new direct-billed subscription of the same plan and seats; this one stops renewing',
      description: grantDescription('{ "purpose": "direct_billing", subscriptionId }'),
      params: SubscriptionParams,
      body: StrictObject({ start: Type.Optional(DirectStart), confirm: Confirm }),
      response: { 201: Type.Object({ switch: DirectBillingQuoteSchema, previous: SubscriptionSchema, subscription: SubscriptionSchema }) },
    },
    config: { access: vendorGrantAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const { previous, successor, quote } = await switchToDirectBilling(tx, database.dialect, auditContextOf(request), {
        organization,
        subscriptionId: request.params.subscriptionId,
        start: request.body.start,
      });
      return {
        status: 201,
        body: {
          switch: toDirectBillingView(quote),
          previous: await loadView(tx, organization, previous, request.now),
          subscription: await loadView(tx, organization, successor, request.now),
        },
      };
    }),
  );
}
