// The vendor's billing desk: the issuers of its invoices, every organization's orders, payments
// recorded by hand or from a bank statement, and refunds sent by hand.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { startOfLocalDay } from '@licentia/core/lifecycle';
import { inTransaction } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { plainDate } from '../subscriptions/service.ts';
import { requireOrganization } from '../subscriptions/store.ts';
import { parseStatement, reconcileLine } from './bank-statements.ts';
import { createIssuer, getIssuer, listIssuers, toIssuerView, updateIssuer } from './issuers.ts';
import { findOrderByNumber } from './orders.ts';
import { confirmPayment } from './payments.ts';
import { orderReadAccess, refundRecordAccess, staffReadAccess, staffWriteAccess } from './permissions.ts';
import { completeManualRefund, listRefundRows } from './refunds.ts';
import {
  BankStatementBody,
  BankStatementResultSchema,
  CompleteRefundBody,
  CreateIssuerBody,
  IssuerParams,
  IssuerSchema,
  OrderNumberParams,
  OrderSchema,
  OrganizationParams,
  RecordPaymentBody,
  RefundParams,
  RefundSchema,
  StaffOrderListQuery,
  UNAPPLIED_REASONS,
  UpdateIssuerBody,
} from './schemas.ts';
import { OneOf } from '../../http/schemas.ts';
import { loadOrderView, toRefundView } from './views.ts';
import { money } from '../subscriptions/view.ts';

export async function staffRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  app.get('/v1/billing/issuers', {
    schema: { tags: ['billing'], summary: 'The issuers of qualified invoices', response: { 200: Type.Object({ data: Type.Array(IssuerSchema) }) } },
    config: { access: staffReadAccess() },
  }, async () => ({ data: (await listIssuers(db)).map(toIssuerView) }));

  app.post('/v1/billing/issuers', {
    schema: {
      tags: ['billing'],
      summary: 'Add an issuer (name, registration number T+13 digits, address, tax rounding); the first is the default',
      body: CreateIssuerBody,
      response: { 201: IssuerSchema },
    },
    config: { access: staffWriteAccess() },
  }, async (request, reply) => runMutation(request, reply, async (tx) => ({ status: 201, body: toIssuerView(await createIssuer(tx, auditContextOf(request), request.body)) })));

  app.get('/v1/billing/issuers/:issuerId', {
    schema: { tags: ['billing'], summary: 'One issuer', params: IssuerParams, response: { 200: IssuerSchema } },
    config: { access: staffReadAccess() },
  }, async (request) => {
    const issuer = await getIssuer(db, request.params.issuerId);
    if (!issuer) throw new DomainError('NOT_FOUND', { resource: 'issuer' });
    return toIssuerView(issuer);
  });

  app.patch('/v1/billing/issuers/:issuerId', {
    schema: { tags: ['billing'], summary: 'Change an issuer; invoices already issued keep what they printed', params: IssuerParams, body: UpdateIssuerBody, response: { 200: IssuerSchema } },
    config: { access: staffWriteAccess() },
  }, async (request) => {
    const row = await inTransaction(db, (tx) => updateIssuer(tx, database.dialect, auditContextOf(request), request.params.issuerId, request.body));
    return toIssuerView(row);
  });

  app.get('/v1/billing/orders', {
    schema: { tags: ['billing'], summary: "Every organization's orders, oldest first (status=pending_payment: what to reconcile)", querystring: StaffOrderListQuery, response: { 200: Page(OrderSchema) } },
    config: { access: staffReadAccess() },
  }, async (request) => {
    const page = pageRequest(request.query);
    let query = db.selectFrom('orders').selectAll();
    if (request.query.status) query = query.where('status', '=', request.query.status);
    if (page.after) query = query.where('id', '>', page.after);
    const rows = await query.orderBy('id').limit(page.limit + 1).execute();
    const { data, nextCursor } = toPage(rows, page, (r) => r.id);
    return { data: await Promise.all(data.map((row) => loadOrderView(db, row))), nextCursor };
  });

  app.post('/v1/billing/orders/:orderNumber/payments', {
    schema: {
      tags: ['billing'],
      summary: 'Record a bank transfer received for an order (each bank reference once per order); it pays the order if it is still pending and the transfer came by the due date, else it is refunded',
      params: OrderNumberParams,
      body: RecordPaymentBody,
      response: {
        200: Type.Object({
          outcome: OneOf(['applied', 'already_recorded', 'unapplied'] as const),
          reason: Type.Union([OneOf(UNAPPLIED_REASONS), Type.Null()], { description: 'unapplied: why it paid nothing (it is refunded)' }),
          order: OrderSchema,
        }),
      },
    },
    config: { access: staffWriteAccess() },
  }, async (request, reply) => {
    const order = await findOrderByNumber(db, request.params.orderNumber);
    if (!order) throw new DomainError('NOT_FOUND', { resource: 'order' });
    const amountMinor = request.body.amountMinor ?? order.total_minor;
    if (amountMinor !== order.total_minor) throw new DomainError('PAYMENT_AMOUNT_MISMATCH', { amountMinor, totalMinor: order.total_minor, currency: order.currency });
    const organization = await requireOrganization(db, order.organization_id);
    const audit = auditContextOf(request);
    const confirmed = await confirmPayment(database, audit, {
      organizationId: order.organization_id,
      orderId: order.id,
      method: 'bank_transfer',
      provider: 'bank',
      reference: `${order.id}:${request.body.reference}`,
      amountMinor,
      currency: order.currency,
      receivedAt: startOfLocalDay(plainDate(request.body.receivedOn), organization.time_zone),
      recordedBy: audit.principal.kind === 'user' ? audit.principal.userId : null,
    });
    return runMutation(request, reply, async (tx) => {
      const current = await findOrderByNumber(tx, order.number);
      const outcome = confirmed.kind === 'paid' ? 'applied' : confirmed.kind === 'duplicate' ? 'already_recorded' : 'unapplied';
      return { status: 200, body: { outcome, reason: confirmed.kind === 'unapplied' ? confirmed.reason : null, order: await loadOrderView(tx, current!) } };
    });
  });

  app.post('/v1/billing/bank-statements', {
    schema: {
      tags: ['billing'],
      summary: 'Import a bank statement (CSV): every credit naming an order number is recorded once and pays its order if in time and in full',
      body: BankStatementBody,
      response: { 200: BankStatementResultSchema },
    },
    config: { access: staffWriteAccess() },
  }, async (request, reply) => {
    const lines = parseStatement(request.body.csv);
    const audit = auditContextOf(request);
    const results: Static<typeof BankStatementResultSchema>['lines'] = [];
    for (const line of lines) {
      const result = await reconcileLine(database, audit, line);
      results.push({ line: line.line, outcome: result.outcome, reason: result.outcome === 'unapplied' ? result.reason : null, orderNumber: result.orderNumber, amount: money(line.amountMinor, line.currency) });
    }
    return runMutation(request, reply, async () => ({ status: 200, body: { lines: results, applied: results.filter((r) => r.outcome === 'applied').length } }));
  });

  app.get('/v1/organizations/:organizationId/refunds', {
    schema: { tags: ['billing'], summary: 'Money owed back to the organization, and how it was sent', params: OrganizationParams, response: { 200: Type.Object({ data: Type.Array(RefundSchema) }) } },
    config: { access: orderReadAccess() },
  }, async (request) => ({ data: (await listRefundRows(db, (await requireOrganization(db, request.params.organizationId)).id)).map(toRefundView) }));

  app.post('/v1/organizations/:organizationId/refunds/:refundId/complete', {
    schema: { tags: ['billing'], summary: 'Record a bank refund as sent (card refunds go back through the provider by themselves)', params: RefundParams, body: CompleteRefundBody, response: { 200: RefundSchema } },
    config: { access: refundRecordAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({
      status: 200,
      body: toRefundView(await completeManualRefund(tx, database.dialect, auditContextOf(request), request.params.organizationId, request.params.refundId, request.body.reference)),
    })),
  );
}
