// The support desk as vendor staff work it (SPEC §6): the queue of cases across organizations,
// approving a case (which issues a one-time reactivation code, shown once) and rejecting one.
// Support agents and vendor administrators; a case is found by its id alone (ids are unique
// across organizations), and every change is audited in the customer's log.
import { createSecretKey } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../auth/access.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { getLicense } from '../devices/store.ts';
import { approveCase, endCase } from './cases.ts';
import { ApprovalSchema, CaseListQuery, DecisionBody, SupportCaseSchema, VendorCaseParams } from './schemas.ts';
import { findCaseAnywhere, getCase, listCases } from './store.ts';
import { toCase } from './views.ts';

const TAGS = ['support'];
/** Answers carrying a reactivation code must not be kept by a proxy. */
const NO_STORE = { 'cache-control': 'no-store' };

export async function supportDeskRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, config, secrets } = app.ctx;
  const db = database.db;
  const hmacKey = createSecretKey(secrets.derive('reactivation-code-hmac'));

  /** The case, locked for the rest of the transaction. */
  async function lockedCase(tx: Tx, caseId: string) {
    const found = await findCaseAnywhere(tx, caseId);
    const row = found && (await getCase(tx, found.organization_id, caseId, { lock: database.dialect }));
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'support case' });
    return row;
  }

  app.get('/v1/support-cases', {
    schema: { tags: TAGS, summary: 'Support cases of every organization (the desk\'s queue), oldest first', querystring: CaseListQuery, response: { 200: Page(SupportCaseSchema) } },
    config: { access: access.vendor('support_agent') },
  }, async (request) => {
    const page = pageRequest(request.query);
    const result = toPage(await listCases(db, { state: request.query.state, after: page.after, limit: page.limit }), page, (row) => row.id);
    return { data: result.data.map(toCase), nextCursor: result.nextCursor };
  });

  app.post('/v1/support-cases/:caseId/approve', {
    schema: {
      tags: TAGS,
      summary: 'Approve a case and issue a one-time reactivation code for its license (again: a new code, the previous one revoked)',
      description: 'Needs the proof of purchase and, for a motherboard replacement, the repair completion report (uploaded, or issued by the OEM for the unit). The code expires after LICENTIA_REACTIVATION_CODE_TTL_HOURS.',
      params: VendorCaseParams,
      body: DecisionBody,
      response: { 200: ApprovalSchema },
    },
    config: { access: access.vendor('support_agent') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await lockedCase(tx, request.params.caseId);
      const license = await getLicense(tx, row.organization_id, row.license_id);
      const approved = await approveCase({ tx, dialect: database.dialect, audit: auditContextOf(request) }, row, {
        note: request.body.note,
        hmacKey,
        ttlHours: config.reactivationCodeTtlHours,
        productKeyId: license?.product_key_id ?? null,
      });
      return { status: 200, headers: NO_STORE, body: { case: toCase(approved.supportCase), reactivationCode: { code: approved.code, expiresAt: approved.expiresAt } } };
    }),
  );

  app.post('/v1/support-cases/:caseId/reject', {
    schema: { tags: TAGS, summary: 'Reject a case (say why in the note); a code issued for it stops working', params: VendorCaseParams, body: DecisionBody, response: { 200: SupportCaseSchema } },
    config: { access: access.vendor('support_agent') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await lockedCase(tx, request.params.caseId);
      return { status: 200, body: toCase(await endCase({ tx, dialect: database.dialect, audit: auditContextOf(request) }, row, { state: 'rejected', note: request.body.note })) };
    }),
  );
}
