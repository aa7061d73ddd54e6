// Resolves the caller of a request: an API token (Authorization: Bearer), a session cookie,
// or nobody. Sessions must prove CSRF on every write; tokens need not, as browsers never send
// them on their own.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { toStoredInstant } from '../clock.ts';
import type { DB } from '../db/schema.ts';
import { DomainError } from '../errors/domain-error.ts';
import { hashToken, safeEqual } from '../security/tokens.ts';
import { withDelegatedRoles } from './delegation.ts';
import type { Principal } from './principal.ts';
import { isRole, type Role } from './roles.ts';
import { csrfTokenFor } from './session-cookie.ts';

export const API_TOKEN_PREFIX = 'lic_';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Credentials {
  method: string;
  authorization: string | undefined;
  sessionToken: string | undefined;
  csrfHeader: string | undefined;
}

/** A user's roles by organization, from their membership rows (rows of no organization skipped). */
function rolesByOrganization(rows: readonly { organization_id: string | null; role: string | null }[]): Map<string, Set<Role>> {
  const roles = new Map<string, Set<Role>>();
  for (const row of rows) {
    if (row.organization_id === null || row.role === null || !isRole(row.role)) continue;
    let set = roles.get(row.organization_id);
    if (!set) roles.set(row.organization_id, (set = new Set()));
    set.add(row.role);
  }
  return roles;
}

export async function authenticate(
  db: Kysely<DB>,
  credentials: Credentials,
  options: {
    now: Temporal.Instant;
    csrfKey: Buffer;
    vendorOrganizationId: string | undefined;
    /** The organization the route names (`:organizationId`): delegated roles are resolved there. */
    organizationId?: string | undefined;
  },
): Promise<Principal> {
  const principal = await identify(db, credentials, options);
  return withDelegatedRoles(db, principal, options.organizationId, options.now);
}

async function identify(
  db: Kysely<DB>,
  credentials: Credentials,
  options: { now: Temporal.Instant; csrfKey: Buffer; vendorOrganizationId: string | undefined },
): Promise<Principal> {
  const now = toStoredInstant(options.now);
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? '')?.[1];
  if (credentials.authorization !== undefined) {
    if (!bearer?.startsWith(API_TOKEN_PREFIX)) throw new DomainError('UNAUTHENTICATED');
    const token = await db
      .selectFrom('api_tokens')
      .select(['id', 'organization_id', 'roles', 'created_by_user_id'])
      .where('token_hash', '=', hashToken(bearer))
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .executeTakeFirst();
    if (!token) throw new DomainError('UNAUTHENTICATED');
    const roles = (JSON.parse(token.roles) as string[]).filter(isRole);
    return {
      kind: 'token',
      tokenId: token.id,
      organizationId: token.organization_id,
      createdByUserId: token.created_by_user_id,
      roles: new Map([[token.organization_id, new Set(roles)]]),
      vendorOrganizationId: options.vendorOrganizationId,
    };
  }
  if (!credentials.sessionToken) return { kind: 'anonymous' };
  // The session and its user's memberships in one statement (a row per membership, one row of
  // nulls for a user without any): it runs before every signed-in request, and on PostgreSQL
  // each statement is a round trip.
  const rows = await db
    .selectFrom('sessions as s')
    .leftJoin('memberships as m', 'm.user_id', 's.user_id')
    .select(['s.user_id', 'm.organization_id', 'm.role'])
    .where('s.token_hash', '=', hashToken(credentials.sessionToken))
    .where('s.expires_at', '>', now)
    .execute();
  const session = rows[0];
  // A stale cookie is no identity at all; the portal will ask the user to sign in again.
  if (!session) return { kind: 'anonymous' };
  if (!SAFE_METHODS.has(credentials.method)) {
    const expected = csrfTokenFor(options.csrfKey, credentials.sessionToken);
    if (!credentials.csrfHeader || !safeEqual(credentials.csrfHeader, expected)) throw new DomainError('CSRF_TOKEN_INVALID');
  }
  return {
    kind: 'user',
    userId: session.user_id,
    roles: rolesByOrganization(rows),
    vendorOrganizationId: options.vendorOrganizationId,
  };
}
