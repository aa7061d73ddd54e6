// The one exception type domain code throws for an expected refusal. It carries a stable code
// from the catalogue and the details its message needs; it knows nothing of HTTP.
import type { ErrorCode } from './catalog.ts';

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}
