// Activation with an account (a digital license): the person's seat of the app's product, or a
// product key they linked to their account (SPEC §6). The
// account is the caller's identity as the rest of the API knows it, an API token
// ("Authorization: Bearer lic_…", acting for the person who made it, in its organization only)
// or a session, so an app can sign a person in exactly as the portal does.
import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Principal } from '../../auth/principal.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { linkedKeysOfUser, seatsOfUser, type LicenseSubject } from './license-subjects.ts';
import { STATE_RANK, standingOf, type LicenseStanding } from './standing.ts';

/** Usable and licensed (a key license has no seat to lose) first, then the better state, then the later end date. */
function better(a: LicenseStanding, b: LicenseStanding): boolean {
  const usable = (s: LicenseStanding) => (s.state === 'active' || s.state === 'expired') && (s.seat === null || s.seat === 'licensed');
  if (usable(a) !== usable(b)) return usable(a);
  if (STATE_RANK[a.state] !== STATE_RANK[b.state]) return STATE_RANK[a.state] > STATE_RANK[b.state];
  return a.endsOn > b.endsOn;
}

/** The license an account activates, and the person signed in (who the hardware-change table may ask for). */
export async function licenseForAccount(
  db: Kysely<DB>,
  principal: Principal,
  body: { productId?: string | undefined; organizationId?: string | undefined },
  now: Temporal.Instant,
): Promise<{ subject: LicenseSubject; userId: string }> {
  if (principal.kind === 'anonymous') throw new DomainError('LICENSE_CREDENTIAL_REQUIRED');
  const userId = principal.kind === 'user' ? principal.userId : principal.createdByUserId;
  // A token made from the command line belongs to no person, so it holds no seat.
  if (userId === null) throw new DomainError('USER_REQUIRED');
  if (body.productId === undefined) throw new DomainError('ACTIVATION_PRODUCT_REQUIRED');
  let organizationIds: string[] | undefined = body.organizationId === undefined ? undefined : [body.organizationId];
  if (principal.kind === 'token') {
    organizationIds = organizationIds === undefined || organizationIds[0] === principal.organizationId ? [principal.organizationId] : [];
  }
  const query = { userId, productId: body.productId, organizationIds };
  const candidates: LicenseSubject[] = [...(await seatsOfUser(db, query)), ...(await linkedKeysOfUser(db, query))];
  if (candidates.length === 0) throw new DomainError('SEAT_NOT_ASSIGNED', body.organizationId === undefined ? {} : { organizationId: body.organizationId });
  let best: LicenseStanding | undefined;
  for (const candidate of candidates) {
    const standing = await standingOf(db, candidate, now);
    if (!best || better(standing, best)) best = standing;
  }
  return { subject: best!.subject, userId };
}
