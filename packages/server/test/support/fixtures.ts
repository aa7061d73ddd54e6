// Builds the world a test needs directly through the services (fast, no HTTP), and returns the
// credentials to act in it through HTTP.
import type { Role } from '../../src/auth/roles.ts';
import { csrfTokenFor, SESSION_COOKIE } from '../../src/auth/session-cookie.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { createApiToken } from '../../src/modules/api-tokens/service.ts';
import { addMember } from '../../src/modules/members/service.ts';
import { createOrganization, type NewOrganization } from '../../src/modules/organizations/service.ts';
import { createSession } from '../../src/modules/sessions/service.ts';
import { getUser } from '../../src/modules/users/store.ts';
import type { FixtureContext } from './app.ts';

const SYSTEM = { kind: 'anonymous' as const };
let counter = 0;

export async function createOrg(t: FixtureContext, input: Partial<NewOrganization> = {}) {
  return inTransaction(t.ctx.database.db, (tx) =>
    createOrganization(tx, { principal: SYSTEM, now: t.clock.now() }, { kind: 'customer', name: `Org ${++counter}`, country: 'JP', ...input }),
  );
}

export interface Actor {
  userId: string;
  email: string;
  password: string;
  headers: Record<string, string>;
  /** Headers for a write: the session cookie plus its CSRF token. */
  writeHeaders: Record<string, string>;
}

/** A user with these roles in the organization, signed in with a session cookie. */
export async function createActor(t: FixtureContext, organizationId: string, roles: Role[], options: { email?: string } = {}): Promise<Actor> {
  const email = options.email ?? `user${++counter}-${Date.now()}@example.com`;
  const password = `correct horse ${counter} battery`;
  const db = t.ctx.database.db;
  const { user } = await inTransaction(db, (tx) =>
    addMember(
      { tx, dialect: t.ctx.database.dialect, audit: { principal: SYSTEM, now: t.clock.now() }, organizationId, grantor: { roles: new Set(), isVendorAdmin: true } },
      { email, name: `User ${counter}`, roles, password },
    ),
  );
  return { ...(await signInAs(t, user.id)), email, password };
}

/** Signs an existing user in (directly, without the sign-in rate limit). */
export async function signInAs(t: FixtureContext, userId: string) {
  const db = t.ctx.database.db;
  const user = (await getUser(db, userId))!;
  const session = await inTransaction(db, (tx) => createSession(tx, user, { now: t.clock.now(), ttlHours: 12, clientIp: '127.0.0.1' }));
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
  return {
    userId,
    sessionToken: session.token,
    headers,
    writeHeaders: { ...headers, 'x-csrf-token': csrfTokenFor(t.ctx.secrets.derive('csrf'), session.token) },
  };
}

export async function createToken(t: FixtureContext, organizationId: string, roles: Role[]) {
  const { row, token } = await inTransaction(t.ctx.database.db, (tx) =>
    createApiToken(tx, { principal: SYSTEM, now: t.clock.now() }, organizationId, { userId: null, roles: new Set(roles) }, { name: 'test', roles }),
  );
  return { id: row.id, token, headers: { authorization: `Bearer ${token}` } };
}
