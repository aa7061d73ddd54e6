// The one-time token of the emailed acceptance link (SPEC §7 "accepts by the emailed link").
//
// The mail is written when it is sent, not when the offer is made (notifications/messages.ts),
// so the link's token must be available then without being stored: it is derived from the
// delegation's id with a key of its own (HMAC-SHA256 under the server secret's
// `delegation-acceptance` key), and only its SHA-256 hash is stored, to check what comes back.
// It is one-time because acceptance moves the relationship out of `offered`, and it is worth
// nothing alone: accepting also takes a signed-in global administrator of the customer.
import { createHmac } from 'node:crypto';
import type { ServerSecrets } from '../../security/secrets.ts';
import { hashToken, safeEqual } from '../../security/tokens.ts';

export const ACCEPTANCE_TOKEN_PREFIX = 'dla_';

export function acceptanceToken(secrets: ServerSecrets, delegationId: string): string {
  return ACCEPTANCE_TOKEN_PREFIX + createHmac('sha256', secrets.derive('delegation-acceptance')).update(delegationId).digest('base64url');
}

export function acceptanceTokenHash(secrets: ServerSecrets, delegationId: string): string {
  return hashToken(acceptanceToken(secrets, delegationId));
}

export function acceptanceTokenMatches(storedHash: string, presented: string): boolean {
  return safeEqual(hashToken(presented), storedHash);
}
