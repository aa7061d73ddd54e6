// One error body for the whole API: RFC 9457 problem details with a stable `code`, the
// request id, and the message in the caller's language. Domain errors, validation failures,
// framework errors and bugs all leave through here.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ERROR_CATALOG, fillTemplate, type CatalogEntry, type ErrorCode, type Language } from '../errors/catalog.ts';
import { DomainError, type ErrorDetails } from '../errors/domain-error.ts';
import { isTransientDatabaseError, isUnavailableDatabaseError } from '../db/transaction.ts';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the problem type: urn:licentia:problem:<code>' }),
    title: Type.String({ description: 'What went wrong, in the caller\'s language.' }),
    status: Type.Integer(),
    detail: Type.Optional(Type.String({ description: 'What to do about it, in the caller\'s language.' })),
    instance: Type.String(),
    code: Type.String({ description: 'Stable machine-readable code.' }),
    requestId: Type.String(),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  [extension: string]: unknown;
}

export function buildProblem(
  code: ErrorCode,
  details: ErrorDetails,
  language: Language,
  context: { requestId: string; instance: string },
): Problem {
  const entry: CatalogEntry = ERROR_CATALOG[code];
  const reason = typeof details.reason === 'string' ? entry.reasons?.[details.reason] : undefined;
  const fill: Record<string, unknown> = { ...details, requestId: context.requestId };
  if (reason) fill.reasonText = fillTemplate(reason[language], details);
  const problem: Problem = {
    type: `urn:licentia:problem:${code}`,
    title: fillTemplate(entry.title[language], fill),
    status: entry.status,
    ...(entry.remedy ? { detail: entry.remedy[language] } : {}),
    instance: context.instance,
    code,
    requestId: context.requestId,
  };
  // Details become extension members, after the standard ones and never replacing them.
  for (const [name, value] of Object.entries(details)) {
    if (!(name in problem)) problem[name] = value;
  }
  return problem;
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function validationDetails(error: FastifyError): ErrorDetails {
  const context = error.validationContext ?? 'body';
  const errors = (error.validation ?? []).map((v: AjvError) => {
    const missing = typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '';
    const extra = typeof v.params?.additionalProperty === 'string' ? `/${v.params.additionalProperty}` : '';
    return { location: context, pointer: `${v.instancePath ?? ''}${missing}${extra}`, message: v.message ?? 'is invalid' };
  });
  const summary = errors.map((e) => `${e.location}${e.pointer} ${e.message}`).join('; ');
  return { errors, summary };
}

/** Maps anything thrown to a catalogue code and its details. */
export function classifyError(error: unknown, request: FastifyRequest): { code: ErrorCode; details: ErrorDetails } {
  if (error instanceof DomainError) return { code: error.code, details: error.details };
  const e = error as Partial<FastifyError> & { validation?: unknown };
  if (e.validation) return { code: 'VALIDATION_FAILED', details: validationDetails(e as FastifyError) };
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'MALFORMED_JSON', details: {} };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'BODY_TOO_LARGE', details: { limitBytes: request.routeOptions.bodyLimit } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', details: { contentType: request.headers['content-type'] ?? '' } };
  }
  // JSON.parse errors raised by the body parser carry a 400 status without a code.
  if (e.statusCode === 400 && e instanceof SyntaxError) return { code: 'MALFORMED_JSON', details: {} };
  // A read outside `inTransaction` (authentication, listings) meets a database that is down or
  // busy the same way a write does: "retry later", not an internal error.
  if (isTransientDatabaseError(error) || isUnavailableDatabaseError(error)) {
    return { code: 'TEMPORARILY_UNAVAILABLE', details: { retryAfterSeconds: 1 } };
  }
  return { code: 'INTERNAL_ERROR', details: {} };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, details: ErrorDetails): FastifyReply {
  const problem = buildProblem(code, details, request.language, { requestId: request.id, instance: request.url });
  const retryAfter = details.retryAfterSeconds;
  if (typeof retryAfter === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  return reply.code(problem.status).type('application/problem+json').send(problem);
}
