// The support desk as a customer sees it (SPEC §6): open a case about a license and a repair,
// upload the proof of purchase and the repair completion report, follow it, withdraw it; and ask
// the reactivation advisor what to do. The organization's global and license admins, and vendor
// staff (support agents) on any organization.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { rolesIn } from '../../auth/principal.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { adviseOnLicense } from './advisor.ts';
import { addAttachment, endCase, openCase } from './cases.ts';
import { AdviceBody, AdviceSchema, AttachmentParams, AttachmentSchema, CaseListQuery, CaseParams, OpenCaseBody, SupportCaseDetailSchema, SupportCaseSchema, UploadBody } from './schemas.ts';
import { caseDetail, toAttachment, toCase } from './views.ts';
import { getAttachmentContent, getCase, listCases } from './store.ts';
import { checkUpload, uploadBodyLimit } from './uploads.ts';

const CASE_ROLES = ['global_admin', 'license_admin'] as const;
const STAFF = { vendorRoles: ['support_agent'] as const };
const TAGS = ['support'];

export async function supportRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, config } = app.ctx;
  const db = database.db;

  app.post('/v1/organizations/:organizationId/support-cases', {
    schema: { tags: TAGS, summary: 'Open a support case about a license (by its id, or the serial number of the PC it came on) and a repair', params: Type.Pick(CaseParams, ['organizationId']), body: OpenCaseBody, response: { 201: SupportCaseSchema } },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { licenseId, serialNumber, repair, deviceId, description } = request.body;
      // Vendor staff who open a case for a customer (on the phone) open it as agents.
      const openedBy = rolesIn(request.principal, request.params.organizationId).size === 0 ? 'agent' : 'customer';
      const row = await openCase(
        { tx, dialect: database.dialect, audit: auditContextOf(request) },
        { organizationId: request.params.organizationId, reference: { licenseId, serialNumber }, repair, deviceId, description, openedBy },
      );
      return { status: 201, body: toCase(row) };
    }),
  );

  app.get('/v1/organizations/:organizationId/support-cases', {
    schema: { tags: TAGS, summary: "The organization's support cases, oldest first", params: Type.Pick(CaseParams, ['organizationId']), querystring: CaseListQuery, response: { 200: Page(SupportCaseSchema) } },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request) => {
    const page = pageRequest(request.query);
    const result = toPage(await listCases(db, { organizationId: request.params.organizationId, state: request.query.state, after: page.after, limit: page.limit }), page, (row) => row.id);
    return { data: result.data.map(toCase), nextCursor: result.nextCursor };
  });

  app.get('/v1/organizations/:organizationId/support-cases/:caseId', {
    schema: { tags: TAGS, summary: 'A support case with its files and what it still needs', params: CaseParams, response: { 200: SupportCaseDetailSchema } },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request) => {
    const row = await getCase(db, request.params.organizationId, request.params.caseId);
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'support case' });
    return caseDetail(db, row);
  });

  app.post('/v1/organizations/:organizationId/support-cases/:caseId/attachments', {
    // Files come as base64 in JSON: the body may be larger than other routes'.
    bodyLimit: uploadBodyLimit(config.attachmentMaxBytes),
    schema: {
      tags: TAGS,
      summary: 'Upload a file to an open case: the proof of purchase (with the receipt\'s model, purchase date and serial number) or the repair completion report; JPEG, PNG or PDF, checked by content',
      params: CaseParams,
      body: UploadBody,
      response: { 201: AttachmentSchema },
    },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request, reply) => {
    // Decoding and checking happen before the transaction: a refused file writes nothing.
    const upload = checkUpload(request.body, config.attachmentMaxBytes);
    return runMutation(request, reply, async (tx) => {
      const row = await getCase(tx, request.params.organizationId, request.params.caseId, { lock: database.dialect });
      if (!row) throw new DomainError('NOT_FOUND', { resource: 'support case' });
      const { kind, fileName, receipt } = request.body;
      const attachment = await addAttachment({ tx, dialect: database.dialect, audit: auditContextOf(request) }, row, { kind, fileName, upload, receipt });
      return { status: 201, body: toAttachment(attachment) };
    });
  });

  app.get('/v1/organizations/:organizationId/support-cases/:caseId/attachments/:attachmentId', {
    schema: {
      tags: TAGS,
      summary: 'Download a file of a case, as uploaded',
      params: AttachmentParams,
      response: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } } } },
    },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request, reply) => {
    const { organizationId, caseId, attachmentId } = request.params;
    const row = await getAttachmentContent(db, organizationId, caseId, attachmentId);
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'file' });
    // Always a download, never rendered in the portal's origin, and never sniffed as anything else.
    return reply
      .headers({ 'content-disposition': `attachment; filename="${row.id}"`, 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' })
      .type(row.media_type)
      .send(Buffer.from(row.content));
  });

  app.post('/v1/organizations/:organizationId/support-cases/:caseId/close', {
    schema: { tags: TAGS, summary: 'Withdraw a case that is open or approved (a code issued for it stops working)', params: CaseParams, response: { 200: SupportCaseSchema } },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await getCase(tx, request.params.organizationId, request.params.caseId, { lock: database.dialect });
      if (!row) throw new DomainError('NOT_FOUND', { resource: 'support case' });
      return { status: 200, body: toCase(await endCase({ tx, dialect: database.dialect, audit: auditContextOf(request) }, row, { state: 'closed' })) };
    }),
  );

  app.post('/v1/organizations/:organizationId/reactivation-advice', {
    schema: {
      tags: TAGS,
      summary: 'The reactivation advisor: what this customer must do after this repair, step by step in Japanese and English, from the license, its case and the OEM\'s reports',
      params: Type.Pick(CaseParams, ['organizationId']),
      body: AdviceBody,
      response: { 200: AdviceSchema },
    },
    config: { access: access.organization(CASE_ROLES, STAFF) },
  }, async (request) => {
    const { licenseId, serialNumber, repair } = request.body;
    return adviseOnLicense(db, request.params.organizationId, { reference: { licenseId, serialNumber }, repair }, request.now);
  });
}
