// The HTTP client for the vendor's apps (SPEC §6): activate, check in, validate online,
// deactivate. Every license file it receives goes through `OfflineLicense.install` (verified
// against the cached JWKS, refused on clock rollback or when older than the one held), every
// signed answer through `acceptValidationResponse` (the echoed nonce proves it fresh, and its
// server time repairs the clock guard). Uses `fetch` only; no server code.
//
// State kept in the app's storage: the license file and its guards (OfflineLicense), the
// cached JWKS, the device token (a credential: use storage only this user can read, e.g.
// FileStorage, which writes 0600), the device id and the time of the last check-in.
import type {
  ActivationRequest,
  ActivationResponse,
  CheckInResponse,
  DeviceInfo,
  HardwareChangeInfo,
  HardwareComponentHashes,
  LicenseSummary,
  ValidationCode,
  ValidationResponseBody,
} from './api-types.ts';
import { LicentiaApiError, LicentiaClientError, type Problem } from './client-errors.ts';
import { isLicenseFileError } from './errors.ts';
import { JwksCache } from './jwks-cache.ts';
import { OfflineLicense } from './offline-license.ts';
import type { LicenseStorage } from './storage.ts';
import { createNonce, type VerifiedLicenseFile, type VerifiedValidationResponse } from './verify.ts';
import type { LicenseFileError } from './errors.ts';

const TOKEN_KEY = 'licentia.device_token';
const DEVICE_KEY = 'licentia.device_id';
const CHECK_IN_KEY = 'licentia.last_check_in';
/** SPEC §6: a renewal reaches a device at its next check-in, at most 24 hours later. */
export const DEFAULT_CHECK_IN_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const JWKS_PATH = '/.well-known/jwks.json';

export interface LicentiaClientOptions {
  /** The licensing server, e.g. `https://licensing.example.com`. */
  serverUrl: string;
  /** The `iss` the server signs (its public URL); default `serverUrl`. */
  issuer?: string;
  /** This device's fingerprint (see `machineFingerprint`). */
  fingerprint: string;
  /** Hashed components, sent at activation and check-in (see `hashComponents`). */
  components?: HardwareComponentHashes;
  storage: LicenseStorage;
  fetch?: typeof globalThis.fetch;
  /** The device clock; tests pass their own. */
  clock?: () => Date;
  clockToleranceMs?: number;
  /** Accept-Language: the server's messages and the plan name in files (`ja`, `en`). */
  language?: string;
  checkInIntervalMs?: number;
  timeoutMs?: number;
}

export type ActivationCredential = { key: string } | { accountToken: string; productId: string; organizationId?: string };

export interface ActivationResult {
  device: DeviceInfo;
  license: LicenseSummary;
  file: VerifiedLicenseFile;
  /** Set when the activation settled a repair of this machine (SPEC §6 "Hardware changes"). */
  hardwareChange: HardwareChangeInfo | null;
}

export interface ActivationOptions {
  /** Shown to administrators, e.g. the computer name. */
  name?: string;
  /** A reactivation code from support (see `redeemReactivationCode`). */
  reactivationCode?: string;
  /**
   * This machine replaces that device of the license (one of those DEVICE_LIMIT_REACHED lists):
   * after a repair the server cannot recognize, e.g. a new board and a new disk at once.
   */
  replacesDeviceId?: string;
}

export interface CheckInResult {
  valid: boolean;
  code: ValidationCode;
  serverTime: Date;
  /** The new file, installed; undefined when the server sent none (the stored one was cleared). */
  file: VerifiedLicenseFile | undefined;
}

export interface ClientStatus {
  activated: boolean;
  deviceId: string | undefined;
  file: VerifiedLicenseFile | undefined;
  /** Why the stored file cannot be used, when it cannot (EXPIRED, CLOCK_ROLLBACK …). */
  fileError: LicenseFileError | undefined;
  lastCheckInAt: Date | undefined;
  checkInDue: boolean;
}

export class LicentiaClient {
  readonly license: OfflineLicense;
  readonly jwks: JwksCache;
  readonly #options: LicentiaClientOptions;
  readonly #base: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #clock: () => Date;

  constructor(options: LicentiaClientOptions) {
    this.#options = options;
    this.#base = options.serverUrl.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#clock = options.clock ?? (() => new Date());
    this.jwks = new JwksCache({ fetch: () => this.#request('GET', JWKS_PATH), storage: options.storage, clock: () => this.#clock().getTime() });
    this.license = new OfflineLicense({
      storage: options.storage,
      jwks: this.jwks,
      issuer: options.issuer ?? this.#base,
      deviceFingerprint: options.fingerprint,
      clock: this.#clock,
      ...(options.clockToleranceMs === undefined ? {} : { clockToleranceMs: options.clockToleranceMs }),
    });
  }

  /**
   * Activates this device; stores its token and installs the license file. After a repair the
   * server may refuse with REACTIVATION_SIGN_IN_REQUIRED (activate again with the account the
   * license is linked to) or REACTIVATION_CODE_REQUIRED (support issues a code:
   * `redeemReactivationCode`).
   */
  async activate(credential: ActivationCredential, options: ActivationOptions = {}): Promise<ActivationResult> {
    const body: ActivationRequest = { fingerprint: this.#options.fingerprint };
    const headers: Record<string, string> = {};
    if ('key' in credential) body.key = credential.key;
    else {
      headers.authorization = `Bearer ${credential.accountToken}`;
      body.productId = credential.productId;
      if (credential.organizationId !== undefined) body.organizationId = credential.organizationId;
    }
    if (this.#options.components) body.components = this.#options.components;
    if (options.name !== undefined) body.name = options.name;
    if (options.reactivationCode !== undefined) body.reactivationCode = options.reactivationCode;
    if (options.replacesDeviceId !== undefined) body.replacesDeviceId = options.replacesDeviceId;
    const response = (await this.#request('POST', '/v1/activations', body, headers)) as ActivationResponse;
    const file = await this.license.install(response.licenseFile);
    await this.#options.storage.set(TOKEN_KEY, response.deviceToken);
    await this.#options.storage.set(DEVICE_KEY, response.device.id);
    await this.#recordCheckIn();
    return { device: response.device, license: response.license, file, hardwareChange: response.hardwareChange };
  }

  /**
   * Redeems a one-time reactivation code from support: activates this machine with it, which
   * moves the license here from the device the support case named (SPEC §6). The code works
   * once, for its license only, until it expires; failed attempts are limited per license.
   */
  async redeemReactivationCode(credential: ActivationCredential, code: string, options: Omit<ActivationOptions, 'reactivationCode'> = {}): Promise<ActivationResult> {
    return this.activate(credential, { ...options, reactivationCode: code });
  }

  /**
   * Checks in: a fresh file (a renewal or a cancellation arrives here) and a signed answer. A
   * signed "no" without a file (deactivated, over the limit, seat taken back) clears the file.
   */
  async checkIn(): Promise<CheckInResult> {
    const deviceToken = await this.#deviceToken();
    const nonce = createNonce();
    const body = { deviceToken, fingerprint: this.#options.fingerprint, nonce, ...(this.#options.components ? { components: this.#options.components } : {}) };
    const response = (await this.#request('POST', '/v1/devices/check-in', body)) as CheckInResponse;
    const answer = await this.license.acceptValidationResponse(response.signed, nonce);
    let file: VerifiedLicenseFile | undefined;
    if (response.licenseFile !== null) file = await this.license.install(response.licenseFile);
    else if (!answer.valid) await this.license.clear();
    await this.#recordCheckIn();
    // The signed answer is what counts; the plain members only repeat it.
    return { valid: answer.valid, code: answer.code as ValidationCode, serverTime: answer.serverTime, file };
  }

  /** Validates online, by this device's token (default) or by a product key. */
  async validate(options: { key?: string } = {}): Promise<VerifiedValidationResponse> {
    const nonce = createNonce();
    const credential = options.key !== undefined ? { key: options.key } : { deviceToken: await this.#deviceToken() };
    const body = { ...credential, fingerprint: this.#options.fingerprint, nonce };
    const response = (await this.#request('POST', '/v1/licenses/validate', body)) as ValidationResponseBody;
    if (response.signed === undefined) throw new TypeError('the server answered a validation without its signed form');
    return this.license.acceptValidationResponse(response.signed, nonce);
  }

  /**
   * Validates online without a signature: a cheaper answer for an app that trusts TLS to its
   * server. It proves nothing offline and does not move the trusted clock; `validate` does.
   */
  async validateUnsigned(options: { key?: string } = {}): Promise<{ valid: boolean; code: ValidationCode; serverTime: string }> {
    const credential = options.key !== undefined ? { key: options.key } : { deviceToken: await this.#deviceToken() };
    const body = { ...credential, fingerprint: this.#options.fingerprint, nonce: createNonce(), signed: false };
    const response = (await this.#request('POST', '/v1/licenses/validate', body)) as ValidationResponseBody;
    return { valid: response.valid, code: response.code, serverTime: response.serverTime };
  }

  /** Frees this device's slot on the server, then forgets the token and the file. */
  async deactivate(): Promise<void> {
    const deviceToken = await this.#deviceToken();
    await this.#request('POST', '/v1/devices/deactivate', { deviceToken });
    await this.#options.storage.set(TOKEN_KEY, '');
    await this.license.clear();
  }

  /** What the app holds now, offline: never throws for an unusable file, reports it. */
  async status(): Promise<ClientStatus> {
    const token = await this.#options.storage.get(TOKEN_KEY);
    const deviceId = (await this.#options.storage.get(DEVICE_KEY)) || undefined;
    let file: VerifiedLicenseFile | undefined;
    let fileError: LicenseFileError | undefined;
    try {
      file = await this.license.current();
    } catch (error) {
      if (!isLicenseFileError(error)) throw error;
      fileError = error;
    }
    const lastCheckInAt = await this.#lastCheckIn();
    const interval = this.#options.checkInIntervalMs ?? DEFAULT_CHECK_IN_INTERVAL_MS;
    const now = this.#clock().getTime();
    const checkInDue = file === undefined || file.refreshDue || lastCheckInAt === undefined || now - lastCheckInAt.getTime() >= interval;
    return { activated: Boolean(token), deviceId, file, fileError, lastCheckInAt, checkInDue };
  }

  async #deviceToken(): Promise<string> {
    const token = await this.#options.storage.get(TOKEN_KEY);
    if (!token) throw new LicentiaClientError('NOT_ACTIVATED', 'this device has not been activated');
    return token;
  }

  async #recordCheckIn(): Promise<void> {
    await this.#options.storage.set(CHECK_IN_KEY, String(this.#clock().getTime()));
  }

  async #lastCheckIn(): Promise<Date | undefined> {
    const stored = await this.#options.storage.get(CHECK_IN_KEY);
    return stored && /^\d{1,16}$/.test(stored) ? new Date(Number(stored)) : undefined;
  }

  async #request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(this.#options.language ? { 'accept-language': this.#options.language } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#options.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      throw new LicentiaClientError('NETWORK', `${method} ${path}: the server could not be reached`, { cause });
    }
    if (response.status === 204) return undefined;
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new LicentiaClientError('BAD_RESPONSE', `${method} ${path}: HTTP ${response.status}, not JSON`, { cause });
    }
    if (response.ok) return parsed;
    const problem = parsed as Partial<Problem>;
    if (typeof problem?.code !== 'string') throw new LicentiaClientError('BAD_RESPONSE', `${method} ${path}: HTTP ${response.status} without a problem code`);
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new LicentiaApiError(response.status, problem as Problem, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
}
