// API tokens of an organization: create (the secret is in this response only), list, revoke.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { personOf, rolesIn } from '../../auth/principal.ts';
import { ALL_ROLES } from '../../auth/roles.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Instant, Page, PaginationQuery, StrictObject, OneOf } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { createApiToken, revokeApiToken, type ApiTokenRow } from './service.ts';

const RoleSchema = OneOf(ALL_ROLES);
const ApiTokenSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  name: Type.String(),
  displayPrefix: Type.String({ description: 'The first characters, to recognise the token' }),
  roles: Type.Array(RoleSchema),
  createdAt: Instant,
  expiresAt: Type.Union([Instant, Type.Null()]),
  revokedAt: Type.Union([Instant, Type.Null()]),
});
const CreatedApiTokenSchema = Type.Object({
  apiToken: ApiTokenSchema,
  token: Type.String({ description: 'The secret. Shown only in this response; store it now.' }),
});
const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
const TokenParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), tokenId: Type.String({ maxLength: 64 }) });
const CreateBody = StrictObject({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 9, uniqueItems: true, examples: [['member']] }),
  expiresAt: Type.Optional(Instant),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Or: valid for this many days from now (24-hour days by the server\'s clock); not with expiresAt', examples: [90] })),
});

const ADMINS = ['global_admin', 'partner_admin', 'vendor_admin'] as const;

function toApiToken(row: ApiTokenRow) {
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    displayPrefix: row.display_prefix,
    roles: JSON.parse(row.roles) as (typeof ALL_ROLES)[number][],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export async function apiTokenRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;

  app.get('/v1/organizations/:organizationId/api-tokens', {
    schema: { tags: ['api tokens'], summary: 'List API tokens', params: OrganizationParams, querystring: PaginationQuery, response: { 200: Page(ApiTokenSchema) } },
    config: { access: access.organization(ADMINS) },
  }, async (request) => {
    const page = pageRequest(request.query);
    let query = db.selectFrom('api_tokens').selectAll().where('organization_id', '=', request.params.organizationId).orderBy('id').limit(page.limit + 1);
    if (page.after) query = query.where('id', '>', page.after);
    const result = toPage(await query.execute(), page, (r) => r.id);
    return { data: result.data.map(toApiToken), nextCursor: result.nextCursor };
  });

  app.post('/v1/organizations/:organizationId/api-tokens', {
    schema: { tags: ['api tokens'], summary: 'Create an API token with some of your roles', params: OrganizationParams, body: CreateBody, response: { 201: CreatedApiTokenSchema } },
    // Not through delegated administration: a token would outlive the partner's relationship.
    config: { access: access.organization(ADMINS, { delegated: false }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const principal = request.principal;
      const creator = {
        userId: personOf(principal),
        roles: rolesIn(principal, request.params.organizationId),
      };
      const { row, token } = await createApiToken(tx, auditContextOf(request), request.params.organizationId, creator, request.body);
      return { status: 201, body: { apiToken: toApiToken(row), token } };
    }),
  );

  app.delete('/v1/organizations/:organizationId/api-tokens/:tokenId', {
    schema: { tags: ['api tokens'], summary: 'Revoke an API token (at once, for every process)', params: TokenParams, response: { 200: ApiTokenSchema } },
    config: { access: access.organization(ADMINS) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await revokeApiToken(tx, auditContextOf(request), request.params.organizationId, request.params.tokenId);
      return { status: 200, body: toApiToken(row) };
    }),
  );
}
