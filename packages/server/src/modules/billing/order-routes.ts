// Orders of an organization: a quote, placing an order, paying it by card, giving it up, and
// reading orders and the invoice of one.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { ProblemSchema } from '../../http/problem.ts';
import { Page, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { requireOrganization } from '../subscriptions/store.ts';
import { payByCard } from './card-payments.ts';
import { invoiceOfOrder } from './invoices.ts';
import { cancelPendingOrder, createOrder, quoteOrder, requireOrder } from './orders.ts';
import { cardPaymentAccess, orderPlaceAccess, orderReadAccess } from './permissions.ts';
import { cardProviderFor } from './providers/card-provider.ts';
import {
  CardPaymentBody,
  CardPaymentSchema,
  CreateOrderBody,
  InvoiceSchema,
  OrderListQuery,
  OrderParams,
  OrderSchema,
  OrganizationParams,
  QuoteBody,
  QuoteSchema,
} from './schemas.ts';
import { loadOrderView, toInvoiceView, toQuoteView } from './views.ts';

export async function orderRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, config } = app.ctx;
  const db = database.db;

  app.post('/v1/organizations/:organizationId/orders/quote', {
    schema: {
      tags: ['orders'],
      summary: 'Price order lines now (tax per rate, rounded once for the order); changes nothing',
      params: OrganizationParams,
      body: QuoteBody,
      response: { 200: QuoteSchema },
    },
    config: { access: orderPlaceAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    return toQuoteView(await quoteOrder(db, auditContextOf(request), organization, request.body.lines));
  });

  app.post('/v1/organizations/:organizationId/orders', {
    schema: {
      tags: ['orders'],
      summary: 'Place an order; nothing is applied until it is paid (card: POST …/card-payments; bank transfer: by the due date)',
      params: OrganizationParams,
      body: CreateOrderBody,
      response: { 201: OrderSchema },
    },
    config: { access: orderPlaceAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const { lines, paymentMethod, expectedTotalMinor } = request.body;
      const order = await createOrder(tx, auditContextOf(request), { organization, lines, paymentMethod, expectedTotalMinor });
      return { status: 201, body: await loadOrderView(tx, order) };
    }),
  );

  app.get('/v1/organizations/:organizationId/orders', {
    schema: { tags: ['orders'], summary: "The organization's orders, oldest first", params: OrganizationParams, querystring: OrderListQuery, response: { 200: Page(OrderSchema) } },
    config: { access: orderReadAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    const page = pageRequest(request.query);
    let query = db.selectFrom('orders').selectAll().where('organization_id', '=', organization.id);
    if (request.query.status) query = query.where('status', '=', request.query.status);
    if (page.after) query = query.where('id', '>', page.after);
    const rows = await query.orderBy('id').limit(page.limit + 1).execute();
    const { data, nextCursor } = toPage(rows, page, (r) => r.id);
    return { data: await Promise.all(data.map((row) => loadOrderView(db, row))), nextCursor };
  });

  app.get('/v1/organizations/:organizationId/orders/:orderId', {
    schema: { tags: ['orders'], summary: 'An order with its lines, payments and invoice', params: OrderParams, response: { 200: OrderSchema } },
    config: { access: orderReadAccess() },
  }, async (request) => loadOrderView(db, await requireOrder(db, request.params.organizationId, request.params.orderId)));

  app.get('/v1/organizations/:organizationId/orders/:orderId/invoice', {
    schema: {
      tags: ['invoices'],
      summary: "The order's qualified invoice; 409 INVOICE_NOT_AVAILABLE_UNTIL_PAID before it is paid",
      params: OrderParams,
      response: { 200: InvoiceSchema },
    },
    config: { access: orderReadAccess() },
  }, async (request) => {
    const order = await requireOrder(db, request.params.organizationId, request.params.orderId);
    const invoice = await invoiceOfOrder(db, order.organization_id, order.id);
    if (!invoice) throw new DomainError('INVOICE_NOT_AVAILABLE_UNTIL_PAID', { orderNumber: order.number, orderId: order.id, status: order.status });
    return toInvoiceView(invoice, order.number);
  });

  app.post('/v1/organizations/:organizationId/orders/:orderId/cancel', {
    schema: {
      tags: ['orders'],
      summary: 'Give up an order awaiting payment (nothing was applied, nothing is charged)',
      params: OrderParams,
      body: StrictObject({ confirm: Type.Literal(true) }),
      response: { 200: OrderSchema },
    },
    config: { access: orderPlaceAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const order = await cancelPendingOrder(tx, database.dialect, auditContextOf(request), request.params.organizationId, request.params.orderId);
      return { status: 200, body: await loadOrderView(tx, order) };
    }),
  );

  app.post('/v1/organizations/:organizationId/orders/:orderId/card-payments', {
    schema: {
      tags: ['orders'],
      summary: 'Pay an order by card: captured at once, or pending the cardholder\'s authentication',
      description:
        'The card itself never reaches Licentia: send the payment provider\'s token of it. A retry of an attempt whose outcome was not learnt ' +
        '(503) asks the provider again under the same idempotency key, so a card is never charged twice.',
      params: OrderParams,
      body: CardPaymentBody,
      response: { 200: CardPaymentSchema, 402: ProblemSchema, 502: ProblemSchema },
    },
    config: { access: cardPaymentAccess() },
  }, async (request, reply) => {
    const { organizationId, orderId } = request.params;
    const outcome = await payByCard(database, auditContextOf(request), cardProviderFor(config.billing), { organizationId, orderId, paymentMethod: request.body.paymentMethod });
    if (outcome.kind === 'unapplied') {
      // Captured, but it paid nothing (the order lapsed meanwhile): it is being refunded.
      throw new DomainError('ORDER_NOT_PAYABLE', { reason: outcome.order.status === 'paid' ? 'PAID' : 'CANCELLED', orderNumber: outcome.order.number, cancelledAt: outcome.order.cancelled_at, refunded: true });
    }
    // The payment is committed; the response (and its replay) is stored in a transaction of its own.
    return runMutation(request, reply, async (tx) => {
      const order = await requireOrder(tx, organizationId, orderId);
      const pending = outcome.kind === 'pending';
      return { status: 200, body: { status: pending ? 'pending' : 'succeeded', clientSecret: pending ? outcome.clientSecret : null, order: await loadOrderView(tx, order) } };
    });
  });
}
