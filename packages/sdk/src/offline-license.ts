// The license file a device holds, with the memory that stateless verification lacks:
//   - the clock guard (CLOCK_ROLLBACK when the device clock goes back past trusted time),
//   - the issue time of the newest file accepted (STALE_FILE for an older one put back, e.g.
//     a copy saved before a downgrade or a revocation).
// The HTTP client (`LicentiaClient`) hands the files it receives to `install`, and signed
// validation responses to `acceptValidationResponse`.
import { LicenseFileError } from './errors.ts';
import type { JwksInput } from './jwks.ts';
import type { LicenseStorage } from './storage.ts';
import { TrustedTimeGuard } from './trusted-time.ts';
import { verifyLicenseFile, verifyValidationResponse } from './verify.ts';
import type { VerifiedLicenseFile, VerifiedValidationResponse } from './verify.ts';

const FILE_KEY = 'licentia.license_file';
const FILE_IAT_KEY = 'licentia.license_file_iat';

export interface OfflineLicenseOptions {
  storage: LicenseStorage;
  jwks: JwksInput;
  issuer: string;
  deviceFingerprint: string;
  /** The device clock; tests pass their own. */
  clock?: () => Date;
  /** Rollback and not-before tolerance, default 5 minutes (see trusted-time.ts). */
  clockToleranceMs?: number;
}

export class OfflineLicense {
  readonly guard: TrustedTimeGuard;
  readonly #options: OfflineLicenseOptions;
  readonly #clock: () => Date;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: OfflineLicenseOptions) {
    this.#options = options;
    this.#clock = options.clock ?? (() => new Date());
    const guardOptions = options.clockToleranceMs === undefined ? {} : { toleranceMs: options.clockToleranceMs };
    this.guard = new TrustedTimeGuard(options.storage, guardOptions);
  }

  /**
   * Verifies a file just received from the server and makes it the current one. Refuses it
   * (and keeps the stored one) when it fails verification, when the device clock is rolled
   * back, or when it was issued before the file already held.
   */
  install(jws: string): Promise<VerifiedLicenseFile> {
    return this.#exclusive(async () => {
      const verified = await this.#verify(jws);
      const { iat } = verified.claims;
      const lastIat = await this.#lastIssuedAt();
      if (lastIat !== undefined && iat < lastIat) {
        throw new LicenseFileError(
          'STALE_FILE',
          `issued ${verified.issuedAt.toISOString()}, before the file already held (${new Date(lastIat * 1000).toISOString()})`,
        );
      }
      // File first, then its iat: a crash between the two leaves a newer file with an older
      // recorded iat, which still loads; the other order could strand the file as "stale".
      await this.#options.storage.set(FILE_KEY, jws);
      await this.#options.storage.set(FILE_IAT_KEY, String(iat));
      await this.guard.observeTrustedTime(verified.issuedAt);
      return verified;
    });
  }

  /** The stored file, verified now; undefined when none was installed. Throws when unusable. */
  current(): Promise<VerifiedLicenseFile | undefined> {
    return this.#exclusive(async () => {
      const jws = await this.#options.storage.get(FILE_KEY);
      if (jws === undefined || jws === '') return undefined;
      const verified = await this.#verify(jws);
      const lastIat = await this.#lastIssuedAt();
      if (lastIat !== undefined && verified.claims.iat < lastIat) {
        throw new LicenseFileError('STALE_FILE', 'the stored file is older than one accepted before');
      }
      return verified;
    });
  }

  /**
   * Forgets the stored file (the server said, in a signed answer, that this device no longer
   * holds the license). The recorded issue time and the clock guard's mark stay, so no older
   * file can be installed afterwards (STALE_FILE).
   */
  clear(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#options.storage.set(FILE_KEY, '');
    });
  }

  /**
   * Checks a signed validation response to a request that carried `nonce`, and resets the
   * clock guard to its server time (the nonce proves that time is current).
   */
  acceptValidationResponse(jws: string, nonce: string): Promise<VerifiedValidationResponse> {
    return this.#exclusive(async () => {
      const response = await verifyValidationResponse(jws, {
        jwks: this.#options.jwks,
        issuer: this.#options.issuer,
        nonce,
        deviceFingerprint: this.#options.deviceFingerprint,
      });
      await this.guard.resyncToServerTime(response.serverTime);
      return response;
    });
  }

  async #verify(jws: string): Promise<VerifiedLicenseFile> {
    // The guard first: with the clock rolled back, no verdict about expiry means anything.
    const effectiveNow = await this.guard.checkDeviceClock(this.#clock());
    const options = {
      jwks: this.#options.jwks,
      issuer: this.#options.issuer,
      deviceFingerprint: this.#options.deviceFingerprint,
      now: new Date(effectiveNow),
    };
    return verifyLicenseFile(
      jws,
      this.#options.clockToleranceMs === undefined ? options : { ...options, clockToleranceMs: this.#options.clockToleranceMs },
    );
  }

  async #lastIssuedAt(): Promise<number | undefined> {
    const stored = await this.#options.storage.get(FILE_IAT_KEY);
    return stored !== undefined && /^\d{1,12}$/.test(stored) ? Number(stored) : undefined;
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => undefined).then(task);
    this.#queue = run;
    return run;
  }
}
