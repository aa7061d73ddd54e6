// The portal's session: an httpOnly cookie holding a random token (stored only hashed), and a
// CSRF token derived from it, which the portal sends back in a header on every write. A page on
// another site can make the browser send the cookie, but cannot read the CSRF token.
import { createHmac } from 'node:crypto';
import { DomainError } from '../errors/domain-error.ts';
import { safeEqual } from '../security/tokens.ts';

export const SESSION_COOKIE = 'licentia_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TOKEN_PREFIX = 'ses_';

export function csrfTokenFor(csrfKey: Buffer, sessionToken: string): string {
  return createHmac('sha256', csrfKey).update(sessionToken).digest('base64url');
}

/**
 * For a GET that changes state (a one-time download, a download recorded as original or copy):
 * SameSite=Lax cookies ride along on a top-level navigation from another site, which could then
 * spend the download unseen; asking sessions for their CSRF token here, as on writes, prevents
 * that. API tokens are never sent by a browser on its own and need none.
 */
export function requireCsrfForSession(
  request: { principal: { kind: string }; cookies: Record<string, string | undefined>; headers: Record<string, string | string[] | undefined> },
  csrfKey: Buffer,
): void {
  if (request.principal.kind !== 'user') return;
  const session = request.cookies[SESSION_COOKIE];
  const sent = request.headers[CSRF_HEADER];
  const expected = session === undefined ? undefined : csrfTokenFor(csrfKey, session);
  if (typeof sent !== 'string' || expected === undefined || !safeEqual(sent, expected)) throw new DomainError('CSRF_TOKEN_INVALID');
}
