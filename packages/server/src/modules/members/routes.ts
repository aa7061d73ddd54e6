// Members of an organization and their roles.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { rolesIn, vendorRoles } from '../../auth/principal.ts';
import { ALL_ROLES, type Role } from '../../auth/roles.ts';
import type { Tx } from '../../db/transaction.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page, PaginationQuery, StrictObject, OneOf } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { addMember, grantorOf, removeMember, setMemberRoles, type MemberChangeContext } from './service.ts';

const RoleSchema = OneOf(ALL_ROLES);
const MemberSchema = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(RoleSchema),
});
const AddedMemberSchema = Type.Object({
  member: MemberSchema,
  initialPassword: Type.Optional(Type.String({ description: 'Only for a new user without a given password; shown once.' })),
});
const MemberParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), userId: Type.String({ maxLength: 64 }) });
const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
const AddMemberBody = StrictObject({
  email: Type.String({ minLength: 3, maxLength: 254, description: 'Full-width input (ＡＢＣ@…) is normalized (NFKC, lower case)', examples: ['hanako@example.com'] }),
  name: Type.String({ minLength: 1, maxLength: 200, examples: ['Hanako Yamada'] }),
  roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 9, uniqueItems: true, examples: [['member']] }),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  locale: Type.Optional(Type.Union([Type.Literal('ja'), Type.Literal('en')])),
});
const SetRolesBody = StrictObject({ roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 9, uniqueItems: true, examples: [['member']] }) });

const READERS = ['global_admin', 'user_admin', 'license_admin', 'billing_admin', 'partner_admin', 'vendor_admin'] as const;
const WRITERS = ['global_admin', 'user_admin', 'partner_admin', 'vendor_admin'] as const;

export async function memberRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;

  const changeContext = (request: FastifyRequest, tx: Tx, organizationId: string): MemberChangeContext => ({
    tx,
    dialect: app.ctx.database.dialect,
    audit: auditContextOf(request),
    organizationId,
    grantor: grantorOf(rolesIn(request.principal, organizationId), vendorRoles(request.principal)),
  });

  app.get('/v1/organizations/:organizationId/members', {
    schema: {
      tags: ['members'],
      summary: 'List the members of an organization and their roles',
      params: OrganizationParams,
      querystring: PaginationQuery,
      response: { 200: Page(MemberSchema) },
    },
    config: { access: access.organization(READERS, { vendorRoles: ['vendor_admin', 'support_agent'] }) },
  }, async (request) => {
    const page = pageRequest(request.query);
    let users = db
      .selectFrom('users')
      .select(['users.id', 'users.email', 'users.name'])
      .where('users.id', 'in', (eb) =>
        eb.selectFrom('memberships').select('memberships.user_id').where('memberships.organization_id', '=', request.params.organizationId),
      )
      .orderBy('users.id')
      .limit(page.limit + 1);
    if (page.after) users = users.where('users.id', '>', page.after);
    const result = toPage(await users.execute(), page, (u) => u.id);
    const ids = result.data.map((u) => u.id);
    const roleRows = ids.length
      ? await db.selectFrom('memberships').select(['user_id', 'role']).where('organization_id', '=', request.params.organizationId).where('user_id', 'in', ids).execute()
      : [];
    return {
      data: result.data.map((u) => ({
        userId: u.id,
        email: u.email,
        name: u.name,
        roles: roleRows.filter((r) => r.user_id === u.id).map((r) => r.role as Role),
      })),
      nextCursor: result.nextCursor,
    };
  });

  app.post('/v1/organizations/:organizationId/members', {
    schema: {
      tags: ['members'],
      summary: 'Add a member (creating the user if the email is new) with roles',
      params: OrganizationParams,
      body: AddMemberBody,
      response: { 201: AddedMemberSchema },
    },
    config: { access: access.organization(WRITERS, { vendorRoles: ['vendor_admin'] }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { user, roles, initialPassword } = await addMember(changeContext(request, tx, request.params.organizationId), request.body);
      const member = { userId: user.id, email: user.email, name: user.name, roles };
      return { status: 201, body: initialPassword ? { member, initialPassword } : { member } };
    }),
  );

  app.put('/v1/organizations/:organizationId/members/:userId/roles', {
    schema: {
      tags: ['members'],
      summary: "Replace a member's roles",
      params: MemberParams,
      body: SetRolesBody,
      response: { 200: MemberSchema },
    },
    config: { access: access.organization(WRITERS, { vendorRoles: ['vendor_admin'] }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { user, roles } = await setMemberRoles(changeContext(request, tx, request.params.organizationId), request.params.userId, request.body.roles);
      return { status: 200, body: { userId: user.id, email: user.email, name: user.name, roles } };
    }),
  );

  app.delete('/v1/organizations/:organizationId/members/:userId', {
    schema: {
      tags: ['members'],
      summary: 'Remove a member from the organization',
      params: MemberParams,
      response: { 204: Type.Null() },
    },
    config: { access: access.organization(WRITERS, { vendorRoles: ['vendor_admin'] }) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      await removeMember(changeContext(request, tx, request.params.organizationId), request.params.userId);
      return { status: 204, body: null };
    }),
  );
}
