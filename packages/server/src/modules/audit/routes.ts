// Reading an organization's audit log (newest first). There is no route that writes or
// changes it: rows are written by the changes themselves.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Instant, Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';

const AuditEventSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  occurredAt: Instant,
  action: Type.String(),
  actor: Type.Object({
    type: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    organizationId: Type.Union([Type.String(), Type.Null()], { description: 'Set when acting from another organization (a partner, the vendor).' }),
    onBehalfOfOrganizationId: Type.Union([Type.String(), Type.Null()], { description: 'A partner acting for a customer: the customer ("partner P on behalf of customer C").' }),
    delegationId: Type.Union([Type.String(), Type.Null()], { description: 'The delegated administration relationship that granted the roles used.' }),
  }),
  target: Type.Object({ type: Type.String(), id: Type.String() }),
  data: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
});

export async function auditRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;
  app.get('/v1/organizations/:organizationId/audit-events', {
    schema: {
      tags: ['audit'],
      summary: "The organization's audit log, newest first",
      params: StrictObject({ organizationId: Type.String({ maxLength: 64 }) }),
      querystring: PaginationQuery,
      response: { 200: Page(AuditEventSchema) },
    },
    config: { access: access.organization(['global_admin', 'partner_admin', 'vendor_admin'], { vendorRoles: ['vendor_admin', 'support_agent'] }) },
  }, async (request) => {
    const page = pageRequest(request.query);
    let query = db.selectFrom('audit_events').selectAll().where('organization_id', '=', request.params.organizationId).orderBy('id', 'desc').limit(page.limit + 1);
    if (page.after) query = query.where('id', '<', page.after);
    const result = toPage(await query.execute(), page, (r) => r.id);
    return {
      data: result.data.map((r) => ({
        id: r.id,
        organizationId: r.organization_id,
        occurredAt: r.occurred_at,
        action: r.action,
        actor: {
          type: r.actor_type,
          id: r.actor_id,
          organizationId: r.actor_organization_id,
          onBehalfOfOrganizationId: r.on_behalf_of_organization_id,
          delegationId: r.delegation_id,
        },
        target: { type: r.target_type, id: r.target_id },
        data: JSON.parse(r.data) as Record<string, unknown>,
        requestId: r.request_id,
      })),
      nextCursor: result.nextCursor,
    };
  });
}
