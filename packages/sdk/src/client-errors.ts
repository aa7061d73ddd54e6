// Errors of the HTTP client, apart from `LicenseFileError` (which judges files and signed
// answers). Apps branch on `code`:
// - `LicentiaApiError`: the server refused (an RFC 9457 problem), e.g. DEVICE_LIMIT_REACHED with
//   the devices to free in `problem.devices`, ACTIVATION_RATE_LIMITED with `retryAfterSeconds`.
// - `LicentiaClientError`: the request never got a usable answer (NETWORK, BAD_RESPONSE), or the
//   client cannot make it (NOT_ACTIVATED: no device token stored yet).

/** The problem details the server answers with; extra members carry the specifics. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code: string;
  requestId?: string;
  [member: string]: unknown;
}

export class LicentiaApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** From Retry-After on 429 and 503. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: Problem, retryAfterSeconds: number | undefined) {
    super(`${problem.code}: ${problem.title ?? `HTTP ${status}`}`);
    this.name = 'LicentiaApiError';
    this.status = status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const CLIENT_ERROR_CODES = ['NETWORK', 'BAD_RESPONSE', 'NOT_ACTIVATED'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export class LicentiaClientError extends Error {
  readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'LicentiaClientError';
    this.code = code;
  }
}

export function isLicentiaApiError(error: unknown, code?: string): error is LicentiaApiError {
  return error instanceof LicentiaApiError && (code === undefined || error.code === code);
}
