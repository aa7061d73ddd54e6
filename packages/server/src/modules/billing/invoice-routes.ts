// Invoices of an organization: the list, one invoice, and its PDF (Japanese by default).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { rolesIn } from '../../auth/principal.ts';
import { requireCsrfForSession } from '../../auth/session-cookie.ts';
import { inTransaction } from '../../db/transaction.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';
import { contentOf, listInvoiceRows, recordDownload, requireInvoice } from './invoices.ts';
import { orderReadAccess } from './permissions.ts';
import { InvoiceListQuery, InvoiceParams, InvoicePdfQuery, InvoiceSchema, OrganizationParams } from './schemas.ts';
import { toInvoiceView } from './views.ts';

export async function invoiceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets } = app.ctx;
  const db = database.db;

  app.get('/v1/organizations/:organizationId/invoices', {
    schema: { tags: ['invoices'], summary: 'Invoices and return invoices of the organization, oldest first', params: OrganizationParams, querystring: InvoiceListQuery, response: { 200: Page(InvoiceSchema) } },
    config: { access: orderReadAccess() },
  }, async (request) => {
    const page = pageRequest(request.query);
    const rows = await listInvoiceRows(db, request.params.organizationId, page);
    const { data, nextCursor } = toPage(rows, page, (r) => r.id);
    return { data: data.map((row) => toInvoiceView(row, contentOf(row).orderNumber)), nextCursor };
  });

  app.get('/v1/organizations/:organizationId/invoices/:invoiceId', {
    schema: { tags: ['invoices'], summary: 'One invoice: numbers, dates, totals and tax per rate', params: InvoiceParams, response: { 200: InvoiceSchema } },
    config: { access: orderReadAccess() },
  }, async (request) => {
    const row = await requireInvoice(db, request.params.organizationId, request.params.invoiceId);
    return toInvoiceView(row, contentOf(row).orderNumber);
  });

  app.get('/v1/organizations/:organizationId/invoices/:invoiceId/pdf', {
    // A HEAD would count as a download.
    exposeHeadRoute: false,
    schema: {
      tags: ['invoices'],
      summary: 'The invoice as PDF (Japanese; ?lang=en for English). The customer\'s first download is the original, every later one a copy marked as reissued',
      description: 'Because a download is recorded (original, then copies), a session must send its X-CSRF-Token here too, as on a write.',
      params: InvoiceParams,
      querystring: InvoicePdfQuery,
      response: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } } } },
    },
    config: { access: orderReadAccess() },
  }, async (request, reply) => {
    requireCsrfForSession(request, secrets.derive('csrf'));
    const invoice = await requireInvoice(db, request.params.organizationId, request.params.invoiceId);
    // Vendor staff keep the issuer's copy: only the customer's own download is the original.
    const byCustomer = rolesIn(request.principal, invoice.organization_id).size > 0;
    const download = await inTransaction(db, (tx) => recordDownload(tx, auditContextOf(request), invoice, byCustomer));
    const pdf = await renderInvoicePdf(contentOf(invoice), { language: request.query.lang ?? 'ja', copy: download.copy ? { number: download.copyNumber, on: request.now } : undefined });
    return reply
      .headers({ 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${invoice.number}${download.copy ? '-copy' : ''}.pdf"` })
      .type('application/pdf')
      // The schema documents the body as binary; Fastify sends a Buffer's bytes as they are.
      .send(pdf as unknown as string);
  });

}
