// The hardware product registry, its OEM partners and their repair completion reports (SPEC §6).
// Kept simple on purpose while partner features are built elsewhere:
// - vendor staff: the vendor's own registry (administrators import), a lookup across every
//   registry (agents find any unit by serial number, product number or IMEI), which partner
//   organizations are OEMs (administrators mark them), and every OEM's repair reports;
// - an OEM partner (a partner organization the vendor marked): its own registry (its
//   administrators import, its agents look up) and repair reports for its own units.
import { createSecretKey } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { normalizeImei } from '@licentia/core/repairs';
import { access } from '../../auth/access.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { canonicalSerial } from '../support/case-license.ts';
import { importProducts } from './import.ts';
import { listOemPartners, markOemPartner, unmarkOemPartner } from './oem-partners.ts';
import { issueRepairReport } from './repair-reports.ts';
import {
  HardwareProductSchema,
  ImportBody,
  ImportResultSchema,
  LookupQuery,
  OemParams,
  OemPartnerBody,
  OemPartnerSchema,
  OrganizationParams,
  PdfResponse,
  RepairReportBody,
  RepairReportSchema,
  ReportParams,
  VendorReportParams,
  toProduct,
  toRepairReport,
} from './schemas.ts';
import { findProducts, identifierCandidates, isOemPartner, listProducts, withLicenses } from './store.ts';

const TAGS = ['hardware registry'];
const OEM_STAFF = ['partner_admin', 'partner_agent'] as const;

async function requireOem(db: Kysely<DB>, organizationId: string): Promise<void> {
  if (!(await isOemPartner(db, organizationId))) throw new DomainError('OEM_PARTNER_REQUIRED');
}

async function productPage(db: Kysely<DB>, query: { identifier?: string | undefined; limit?: number | undefined; cursor?: string | undefined }, ownerOrganizationId?: string) {
  const page = pageRequest(query);
  const rows =
    query.identifier === undefined
      ? await listProducts(db, ownerOrganizationId!, page)
      : await findProducts(db, identifierCandidates(query.identifier), { ownerOrganizationId, after: page.after, limit: page.limit + 1 });
  const result = toPage(rows, page, (row) => row.id);
  return { data: (await withLicenses(db, result.data)).map(toProduct), nextCursor: result.nextCursor };
}

function reportPdf(reply: FastifyReply, row: { id: string; pdf: Uint8Array } | undefined) {
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'repair report' });
  return reply.headers({ 'content-disposition': `attachment; filename="${row.id}.pdf"`, 'x-content-type-options': 'nosniff' }).type('application/pdf').send(Buffer.from(row.pdf));
}

export async function hardwareRegistryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets } = app.ctx;
  const db = database.db;
  const hmacKey = createSecretKey(secrets.derive('product-key-hmac'));
  const vendorId = (request: FastifyRequest) => {
    const principal = request.principal;
    return principal.kind === 'anonymous' ? undefined : principal.vendorOrganizationId;
  };

  // The vendor's side
  app.get('/v1/hardware-products', {
    schema: { tags: TAGS, summary: 'Look a unit up in every registry (the vendor\'s and the OEMs\') by serial number, product number or IMEI; or page through the vendor\'s own', querystring: LookupQuery, response: { 200: Page(HardwareProductSchema) } },
    config: { access: access.vendor('support_agent') },
  }, async (request) => productPage(db, request.query, request.query.identifier === undefined ? vendorId(request) : undefined));

  app.post('/v1/hardware-products/import', {
    schema: { tags: TAGS, summary: "Import units into the vendor's registry from CSV (all or nothing; a known unit is updated)", body: ImportBody, response: { 200: ImportResultSchema } },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({
      status: 200,
      body: await importProducts(tx, auditContextOf(request), { organizationId: vendorId(request)!, isVendor: true, csv: request.body.csv, hmacKey }),
    })),
  );

  app.get('/v1/oem-partners', {
    schema: { tags: TAGS, summary: 'The partner organizations marked as OEMs', response: { 200: Type.Object({ data: Type.Array(OemPartnerSchema) }) } },
    config: { access: access.vendor('support_agent') },
  }, async () => ({ data: await listOemPartners(db) }));

  app.post('/v1/oem-partners', {
    schema: { tags: TAGS, summary: 'Mark a partner organization as an OEM: it may keep a registry of its units and issue repair reports', body: OemPartnerBody, response: { 201: OemPartnerSchema, 200: OemPartnerSchema } },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const marked = await markOemPartner(tx, { ...auditContextOf(request), actorOrganizationId: vendorId(request) }, request.body.partnerOrganizationId);
      return { status: marked.created ? 201 : 200, body: marked.partner };
    }),
  );

  app.delete('/v1/oem-partners/:partnerOrganizationId', {
    schema: { tags: TAGS, summary: 'Stop treating a partner as an OEM: its registry and reports are kept (it can still download its reports), but it can no longer use the registry or issue reports', params: OemParams, response: { 204: Type.Null() } },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      await unmarkOemPartner(tx, { ...auditContextOf(request), actorOrganizationId: vendorId(request) }, request.params.partnerOrganizationId);
      return { status: 204, body: null };
    }),
  );

  app.get('/v1/repair-reports', {
    schema: { tags: TAGS, summary: 'Repair reports issued by OEMs for a unit (serial number or IMEI)', querystring: Type.Pick(LookupQuery, ['identifier']), response: { 200: Type.Object({ data: Type.Array(RepairReportSchema) }) } },
    config: { access: access.vendor('support_agent') },
  }, async (request) => {
    const identifiers = request.query.identifier === undefined ? [] : identifierCandidates(request.query.identifier);
    const rows = identifiers.length === 0 ? [] : await db.selectFrom('repair_reports').select(['organization_id', 'id', 'hardware_product_id', 'serial_number', 'imei', 'repair', 'repaired_on', 'pdf_sha256', 'created_at']).where((eb) => eb.or([eb('serial_number', 'in', identifiers), eb('imei', 'in', identifiers)])).orderBy('id').execute();
    return { data: rows.map(toRepairReport) };
  });

  app.get('/v1/repair-reports/:reportId/pdf', {
    schema: { tags: TAGS, summary: 'The PDF of an OEM\'s repair report', params: VendorReportParams, response: { 200: PdfResponse } },
    config: { access: access.vendor('support_agent') },
  }, async (request, reply) => reportPdf(reply, await db.selectFrom('repair_reports').select(['id', 'pdf']).where('id', '=', request.params.reportId).executeTakeFirst()));

  // An OEM partner's side
  app.get('/v1/organizations/:organizationId/hardware-products', {
    schema: { tags: TAGS, summary: "The OEM's own registry: look a unit up by serial number, product number or IMEI, or page through it", params: OrganizationParams, querystring: LookupQuery, response: { 200: Page(HardwareProductSchema) } },
    config: { access: access.organization(OEM_STAFF) },
  }, async (request) => {
    await requireOem(db, request.params.organizationId);
    return productPage(db, request.query, request.params.organizationId);
  });

  app.post('/v1/organizations/:organizationId/hardware-products/import', {
    schema: { tags: TAGS, summary: "Import units into the OEM's own registry from CSV; product keys must be of batches made for the OEM", params: OrganizationParams, body: ImportBody, response: { 200: ImportResultSchema } },
    config: { access: access.organization(['partner_admin']) },
  }, async (request, reply) => {
    await requireOem(db, request.params.organizationId);
    return runMutation(request, reply, async (tx) => ({
      status: 200,
      body: await importProducts(tx, auditContextOf(request), { organizationId: request.params.organizationId, isVendor: false, csv: request.body.csv, hmacKey }),
    }));
  });

  app.post('/v1/organizations/:organizationId/repair-reports', {
    schema: { tags: TAGS, summary: 'Issue a repair completion report (kept as data and as a PDF) for a unit of the OEM\'s own registry', params: OrganizationParams, body: RepairReportBody, response: { 201: RepairReportSchema } },
    config: { access: access.organization(OEM_STAFF) },
  }, async (request, reply) => {
    await requireOem(db, request.params.organizationId);
    const { serialNumber, imei, ...report } = request.body;
    if ((serialNumber === undefined) === (imei === undefined)) {
      throw new DomainError('VALIDATION_FAILED', { summary: 'body must have exactly one of serialNumber and imei', errors: [{ location: 'body', pointer: '/serialNumber', message: 'send exactly one of serialNumber and imei' }] });
    }
    let identifier: string;
    if (serialNumber !== undefined) identifier = canonicalSerial(serialNumber);
    else {
      const checked = normalizeImei(imei!);
      if (!checked.ok) throw new DomainError('HARDWARE_IDENTIFIER_INVALID', { field: 'imei', value: imei!.slice(0, 40), problem: checked.problem });
      identifier = checked.value;
    }
    return runMutation(request, reply, async (tx) => {
      const { row } = await issueRepairReport(tx, auditContextOf(request), request.params.organizationId, { identifier, ...report });
      return { status: 201, body: toRepairReport(row) };
    });
  });

  app.get('/v1/organizations/:organizationId/repair-reports/:reportId/pdf', {
    schema: { tags: TAGS, summary: 'The PDF of one of the OEM\'s repair reports', params: ReportParams, response: { 200: PdfResponse } },
    config: { access: access.organization(OEM_STAFF) },
  }, async (request, reply) =>
    reportPdf(
      reply,
      await db.selectFrom('repair_reports').select(['id', 'pdf']).where('organization_id', '=', request.params.organizationId).where('id', '=', request.params.reportId).executeTakeFirst(),
    ),
  );

}
