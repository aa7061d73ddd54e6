// The license file a device receives at activation and at each check-in (SPEC §6): a snapshot
// of its license, signed by the licenses module. What is decided here is what goes in it and
// how long it lasts:
// - refresh-by: the configured period (30 days by default), but never past the license's next
//   state change, because the file's `state` is a snapshot and the next check-in is what
//   carries a renewal, an expiry or a cancellation to the device; never under the signer's one
//   hour, even when the change is sooner.
// - exp (refresh-by + offline grace): the grace is shortened so that a file never keeps an app
//   working offline past the moment users lose access (disabled, cancelled, deleted), and is
//   none at all once they have.
import type { Temporal } from 'temporal-polyfill';
import { usersHaveAccess } from '@licentia/core/lifecycle';
import type { Language } from '../../errors/catalog.ts';
import { MIN_REFRESH_AFTER_SECONDS, signLicenseFile, type LicenseClaim, type SignedLicenseFile } from '../licenses/license-file.ts';
import type { LicenseSigningKeys } from '../licenses/signing-keys.ts';
import { timingOf, type LicenseStanding, type StandingTiming } from './standing.ts';
import type { DeviceRow, LicenseRow } from './store.ts';

export interface LicenseFileSettings {
  /** The server's public URL, signed as `iss`. */
  issuer: string;
  refreshAfterSeconds: number;
  offlineGraceSeconds: number;
}

/** What an app checks to enable features: its product, and the plan it holds. */
export function entitlementsOf(plan: { productId: string; sku: string }): string[] {
  return [`product:${plan.productId}`, `plan:${plan.sku}`];
}

export function fileLifetime(standing: Pick<LicenseStanding, 'state'> & StandingTiming, settings: LicenseFileSettings, now: Temporal.Instant) {
  const iat = Math.floor(now.epochMilliseconds / 1000);
  const secondsUntil = (instant: Temporal.Instant) => Math.floor(instant.epochMilliseconds / 1000) - iat;
  let refreshAfterSeconds = settings.refreshAfterSeconds;
  if (standing.nextChangeAt) refreshAfterSeconds = Math.min(refreshAfterSeconds, secondsUntil(standing.nextChangeAt));
  refreshAfterSeconds = Math.max(refreshAfterSeconds, MIN_REFRESH_AFTER_SECONDS);
  let offlineGraceSeconds = usersHaveAccess(standing.state) ? settings.offlineGraceSeconds : 0;
  if (standing.accessEndsAt) {
    offlineGraceSeconds = Math.max(0, Math.min(offlineGraceSeconds, secondsUntil(standing.accessEndsAt) - refreshAfterSeconds));
  }
  return { refreshAfterSeconds, offlineGraceSeconds };
}

export function licenseClaimOf(standing: LicenseStanding, license: LicenseRow, language: Language): LicenseClaim {
  const { plan, subject } = standing;
  const claim: LicenseClaim = {
    id: license.id,
    plan: { id: plan.id, name: plan.name[language] },
    entitlements: entitlementsOf(plan),
    ends_on: standing.endsOn,
    state: standing.state,
  };
  if (subject.kind === 'key') {
    claim.key_last5 = subject.keyLast5;
    claim.seats = subject.seats;
  }
  return claim;
}

export async function issueLicenseFile(
  keys: LicenseSigningKeys,
  settings: LicenseFileSettings,
  input: { standing: LicenseStanding; license: LicenseRow; device: DeviceRow; language: Language },
  now: Temporal.Instant,
): Promise<SignedLicenseFile> {
  return signLicenseFile(
    keys,
    {
      issuer: settings.issuer,
      license: licenseClaimOf(input.standing, input.license, input.language),
      device: { id: input.device.id, fingerprint: input.device.fingerprint },
      ...fileLifetime({ state: input.standing.state, ...timingOf(input.standing) }, settings, now),
    },
    now,
  );
}
