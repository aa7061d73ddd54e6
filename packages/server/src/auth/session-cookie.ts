// The portal's session: an httpOnly cookie holding a random token (stored only hashed), and a
// CSRF token derived from it, which the portal sends back in a header on every write. A page on
// another site can make the browser send the cookie, but cannot read the CSRF token.
import { createHmac } from 'node:crypto';

export const SESSION_COOKIE = 'licentia_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TOKEN_PREFIX = 'ses_';

export function csrfTokenFor(csrfKey: Buffer, sessionToken: string): string {
  return createHmac('sha256', csrfKey).update(sessionToken).digest('base64url');
}
