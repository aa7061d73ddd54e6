// Adding seats mid-term (SPEC §4): a quote, prorated by days to the end date, and the addition
// at exactly that price. Customers buy it through an order (billing, purpose seat_addition, the
// same price); the direct addition here is a vendor administrator's grant, applied without a
// payment (permissions.ts). Reducing seats is the cancellation of a seat addition
// (cancellation-routes.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation } from '../../http/mutation.ts';
import { StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { grantDescription, quoteAccess, vendorGrantAccess } from './permissions.ts';
import { ChangeSchema, CivilDate, Confirm, ExpectedAmount, MoneySchema, Seats, SubscriptionParams, SubscriptionSchema } from './schemas.ts';
import { purchaseSeats, quoteSeatAddition, type SeatQuote } from './seat-additions.ts';
import { planDetails, requireOrganization, requireSubscription } from './store.ts';
import { loadView, money } from './view.ts';

const QuoteSchema = Type.Object({
  seats: Type.Integer(),
  fromDay: CivilDate,
  endDate: CivilDate,
  price: MoneySchema,
  terms: Type.Array(
    Type.Object({ termStart: CivilDate, termEnd: CivilDate, days: Type.Integer(), termDays: Type.Integer(), price: MoneySchema }),
    { description: 'One per term the seats reach into (more than one only when renewed ahead): days from fromDay over the whole term\'s days' },
  ),
});

function toQuoteView(quote: SeatQuote) {
  return {
    seats: quote.seats,
    fromDay: quote.fromDay,
    endDate: quote.endDate,
    price: money(quote.amountMinor, quote.currency),
    terms: quote.terms.map((t) => ({ termStart: t.termStart, termEnd: t.termEnd, days: t.days, termDays: t.termDays, price: money(t.amountMinor, quote.currency) })),
  };
}

export async function seatAdditionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/seat-additions/quote', {
    schema: {
      tags: ['subscriptions'],
      summary: 'The price of more seats from today to the end date (pro rata by days); changes nothing',
      params: SubscriptionParams,
      body: StrictObject({ seats: Seats }),
      response: { 200: QuoteSchema },
    },
    config: { access: quoteAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    const subscription = await requireSubscription(db, organization.id, request.params.subscriptionId);
    const plan = await planDetails(db, subscription.plan_id);
    return toQuoteView(quoteSeatAddition({ subscription, plan, organization, seats: request.body.seats, now: request.now }));
  });

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/seat-additions', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Vendor administrators: add seats at the quoted price without a payment; the addition opens its own 168-hour cancellation window',
      description: grantDescription('{ "purpose": "seat_addition", subscriptionId, seats }'),
      params: SubscriptionParams,
      body: StrictObject({ seats: Seats, expectedAmountMinor: Type.Optional(ExpectedAmount), confirm: Confirm }),
      response: { 201: Type.Object({ change: ChangeSchema, price: QuoteSchema, subscription: SubscriptionSchema }) },
    },
    config: { access: vendorGrantAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const { subscription, change, quote } = await purchaseSeats(tx, database.dialect, auditContextOf(request), {
        organization,
        subscriptionId: request.params.subscriptionId,
        seats: request.body.seats,
        expectedAmountMinor: request.body.expectedAmountMinor,
      });
      const view = await loadView(tx, organization, subscription, request.now);
      return { status: 201, body: { change: view.changes.find((c) => c.id === change.id)!, price: toQuoteView(quote), subscription: view } };
    }),
  );
}
