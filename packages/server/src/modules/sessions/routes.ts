// Sign-in for people (the portal): a session cookie plus a CSRF token; and who am I, for both
// people and API tokens.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { delegatedOrganizationsOf } from '../../auth/delegation.ts';
import { csrfTokenFor, SESSION_COOKIE } from '../../auth/session-cookie.ts';
import { ALL_ROLES, effectiveRoles, type Role } from '../../auth/roles.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { enforceRateLimits } from '../../limits/rate-limiter.ts';
import { runMutation } from '../../http/mutation.ts';
import { Instant, StrictObject, OneOf } from '../../http/schemas.ts';
import { hashPassword, verifyPassword } from '../../security/passwords.ts';
import { hashToken } from '../../security/tokens.ts';
import { recordAudit, auditContextOf } from '../audit/audit-log.ts';
import { checkPasswordStrength } from '../users/service.ts';
import { getUser } from '../users/store.ts';
import { checkCredentials, createSession, deleteSession } from './service.ts';
import { toStoredInstant } from '../../clock.ts';

const UserSchema = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String(), locale: Type.String() });
const SessionSchema = Type.Object({
  user: UserSchema,
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token on every write made with the session cookie.' }),
  expiresAt: Instant,
});
const MeSchema = Type.Object({
  user: Type.Union([UserSchema, Type.Null()]),
  token: Type.Union([Type.Object({ id: Type.String(), organizationId: Type.String() }), Type.Null()]),
  organizations: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      kind: Type.String(),
      roles: Type.Array(OneOf(ALL_ROLES), { description: 'The roles granted' }),
      effectiveRoles: Type.Array(OneOf(ALL_ROLES), { description: 'What they allow: the granted roles and those they include (a global admin is every customer role)' }),
    }),
  ),
  delegatedOrganizations: Type.Array(
    Type.Object({
      id: Type.String({ description: 'The customer organization' }),
      name: Type.String(),
      roles: Type.Array(OneOf(ALL_ROLES), { description: 'The roles the relationships grant' }),
      effectiveRoles: Type.Array(OneOf(ALL_ROLES), { description: 'What they allow (a delegated global admin is every customer role)' }),
      relationships: Type.Array(
        Type.Object({
          delegationId: Type.String(),
          partner: Type.Object({ organizationId: Type.String(), name: Type.String() }),
          endsAt: Type.Union([Instant, Type.Null()], { description: 'When access ends (extended by 180 days each time when autoExtend)' }),
          autoExtend: Type.Boolean(),
        }),
      ),
    }),
    {
      description:
        "Customers the caller's partner organizations administer on their behalf (accepted delegated administration, not ended), with the roles it acts with there; resolved at the request's instant",
    },
  ),
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: "The session's CSRF token, for a portal reloaded after sign-in (null for API tokens). Other sites cannot read it: no CORS.",
  }),
});
const SignInBody = StrictObject({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
const ChangePasswordBody = StrictObject({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Type.String({ minLength: 1, maxLength: 200 }),
});

export async function sessionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config, database, secrets } = app.ctx;

  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure };

  app.post('/v1/sessions', {
    schema: { tags: ['sessions'], summary: 'Sign in with email and password', body: SignInBody, response: { 201: SessionSchema } },
    config: { access: access.public() },
  }, async (request, reply) => {
    const user = await checkCredentials(
      database.db,
      { ...request.body, clientIp: request.ip, now: request.now },
      config.signInLimitPerMinute,
    );
    return runMutation(request, reply, async (tx) => {
      const session = await createSession(tx, user, { now: request.now, ttlHours: config.sessionTtlHours, clientIp: request.ip });
      const cookie = app.serializeCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: new Date(session.expiresAt) });
      return {
        status: 201,
        headers: { 'set-cookie': cookie },
        body: {
          user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
          csrfToken: csrfTokenFor(secrets.derive('csrf'), session.token),
          expiresAt: session.expiresAt,
        },
      };
    });
  });

  app.delete('/v1/session', {
    schema: { tags: ['sessions'], summary: 'Sign out', response: { 204: Type.Null() } },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    return runMutation(request, reply, async (tx) => {
      if (token) await deleteSession(tx, token);
      return { status: 204, body: null, headers: { 'set-cookie': app.serializeCookie(SESSION_COOKIE, '', { ...cookieOptions, maxAge: 0 }) } };
    });
  });

  app.get('/v1/me', {
    schema: { tags: ['sessions'], summary: 'Who the caller is, and its organizations and roles', response: { 200: MeSchema } },
    config: { access: access.authenticated() },
  }, async (request) => {
    const principal = request.principal;
    if (principal.kind === 'anonymous') throw new DomainError('UNAUTHENTICATED');
    const ids = [...principal.roles.keys()];
    const organizations = ids.length
      ? await database.db.selectFrom('organizations').select(['id', 'name', 'kind']).where('id', 'in', ids).orderBy('id').execute()
      : [];
    const user = principal.kind === 'user' ? await getUser(database.db, principal.userId) : undefined;
    const sessionToken = request.cookies[SESSION_COOKIE];
    return {
      user: user ? { id: user.id, email: user.email, name: user.name, locale: user.locale } : null,
      token: principal.kind === 'token' ? { id: principal.tokenId, organizationId: principal.organizationId } : null,
      organizations: organizations.map((o) => {
        const granted = [...(principal.roles.get(o.id) ?? [])] as Role[];
        return { ...o, roles: granted, effectiveRoles: [...effectiveRoles(granted)] };
      }),
      delegatedOrganizations: (await delegatedOrganizationsOf(database.db, principal, request.now)).map((d) => ({
        id: d.customerOrganizationId,
        name: d.customerName,
        roles: d.roles,
        effectiveRoles: [...effectiveRoles(d.roles)],
        relationships: d.relationships.map((r) => ({ delegationId: r.delegationId, partner: { organizationId: r.partnerOrganizationId, name: r.partnerName }, endsAt: r.endsAt, autoExtend: r.autoExtend })),
      })),
      csrfToken: principal.kind === 'user' && sessionToken ? csrfTokenFor(secrets.derive('csrf'), sessionToken) : null,
    };
  });

  app.post('/v1/me/password', {
    schema: { tags: ['sessions'], summary: 'Change your own password (signs out your other sessions)', body: ChangePasswordBody, response: { 204: Type.Null() } },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const principal = request.principal;
    if (principal.kind !== 'user') throw new DomainError('UNAUTHENTICATED');
    // Guessing the current password from a stolen session is limited like signing in.
    await enforceRateLimits(
      database.db,
      [{ rule: { name: 'password-change:user', limit: config.signInLimitPerMinute, windowSeconds: 60 }, subject: principal.userId }],
      request.now,
    );
    const user = await getUser(database.db, principal.userId);
    if (!user?.password_hash || !(await verifyPassword(request.body.currentPassword, user.password_hash))) {
      throw new DomainError('CURRENT_PASSWORD_INCORRECT');
    }
    checkPasswordStrength(request.body.newPassword);
    const newHash = await hashPassword(request.body.newPassword);
    const currentSession = request.cookies[SESSION_COOKIE];
    return runMutation(request, reply, async (tx) => {
      await tx.updateTable('users').set({ password_hash: newHash, updated_at: toStoredInstant(request.now) }).where('id', '=', user.id).execute();
      let others = tx.deleteFrom('sessions').where('user_id', '=', user.id);
      if (currentSession) others = others.where('token_hash', '!=', hashToken(currentSession));
      await others.execute();
      // A user belongs to no single tenant: each organization's log shows the change.
      for (const organizationId of principal.roles.keys()) {
        await recordAudit(tx, auditContextOf(request), { organizationId, action: 'user.password_changed', target: { type: 'user', id: user.id } });
      }
      return { status: 204, body: null };
    });
  });
}
