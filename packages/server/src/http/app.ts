// Builds the HTTP application: infrastructure first (context, cookies, validation, errors,
// authentication, idempotency), then the API reference, then each module's routes.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { authenticate } from '../auth/authenticate.ts';
import { checkAccess } from '../auth/access.ts';
import { principalKey, type Principal } from '../auth/principal.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../auth/session-cookie.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { AppContext } from './context.ts';
import type { RouteEntry } from './fastify-types.ts';
import { IdempotencyStore, requestFingerprint, validateIdempotencyKey } from './idempotency.ts';
import { negotiateLanguage } from './language.ts';
import { classifyError, sendProblem } from './problem.ts';
import { ERROR_RESPONSES } from './schemas.ts';
import { createValidatorCompiler } from './validation.ts';
import { registerModules } from '../modules/index.ts';
import { findVendorOrganizationId } from '../modules/organizations/store.ts';
import { requestClock, SIMULATION_HEADER } from '../modules/simulation/request-clock.ts';

export interface BuildAppOptions {
  /** Where logs go (a test captures them to check that no secret leaks). */
  logStream?: Writable;
  logLevel?: string;
}

const DOCS_PREFIX = '/docs';
/** Problems that say "not now" rather than "never": a retry with the same key must run again. */
const TRANSIENT_STATUSES = new Set([409, 429, 500, 503]);

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? ctx.config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', `req.headers["${CSRF_HEADER}"]`, 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    genReqId: () => `req_${randomUUID().replaceAll('-', '')}`,
    requestIdHeader: false,
    ajv: undefined,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  app.decorate('idempotency', new IdempotencyStore(ctx.database.db, ctx.secrets.derive('idempotency-seal')));
  app.decorate('routeTable', [] as RouteEntry[]);
  app.decorateRequest('principal', undefined as never);
  app.decorateRequest('language', 'en');
  app.decorateRequest('now', undefined as never);
  app.decorateRequest('idempotencyClaim', undefined);
  app.setValidatorCompiler(createValidatorCompiler());

  await app.register(cookie);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(DOCS_PREFIX)) {
      route.config = { ...route.config, access: { kind: 'public' } };
      return;
    }
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    route.schema = { ...route.schema, response: { ...ERROR_RESPONSES, ...(route.schema?.response as object) } };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const schema = route.schema ?? {};
      app.routeTable.push({ method, url: route.url, access, schema: { params: schema.params, querystring: schema.querystring, body: schema.body } });
    }
  });

  let vendorOrganizationId: string | undefined;
  /** Who is calling, and the clock the request runs on: lookups, for a request that may need them. */
  async function identifyCaller(request: FastifyRequest): Promise<void> {
    // The vendor organization is made once, at first start; until then there is none to find.
    vendorOrganizationId ??= await findVendorOrganizationId(ctx.database.db);
    request.principal = await authenticate(
      ctx.database.db,
      {
        method: request.method,
        authorization: request.headers.authorization,
        sessionToken: request.cookies[SESSION_COOKIE],
        csrfHeader: headerValue(request.headers[CSRF_HEADER]),
      },
      {
        now: request.now,
        csrfKey: ctx.secrets.derive('csrf'),
        vendorOrganizationId,
        // Routing has run: a partner's roles through delegated administration are resolved for
        // the organization the route names (auth/delegation.ts).
        organizationId: organizationOfRoute(request),
      },
    );
    // A simulation's sandbox organizations run on its frozen clock (modules/simulation); the
    // authentication above stays on real time, as sessions and tokens do.
    request.now = await requestClock(ctx.database.db, request);
  }

  // The hooks below run on every request, so they are written with callbacks: most requests
  // (the apps' validations and check-ins) need no lookup at all, and answer without waiting
  // for a promise per hook (measured in docs/performance.md, "Validations and check-ins").
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    request.now = ctx.clock.now();
    request.language = negotiateLanguage(request.headers['accept-language']);
    if (isBareRequest(request)) {
      // No credential, no organization named, no simulation asked for: an anonymous caller on
      // real time, which is what the lookups would conclude.
      request.principal = ANONYMOUS;
      return done();
    }
    identifyCaller(request).then(() => done(), done);
  });

  app.addHook('preHandler', (request, reply, done) => {
    const access = request.routeOptions.config.access;
    if (!access) return done();
    try {
      checkAccess(access, request.principal, request.params as Record<string, string | undefined>);
    } catch (error) {
      return done(error as Error);
    }
    const key = headerValue(request.headers['idempotency-key']);
    if (request.method !== 'POST' || key === undefined) return done();
    try {
      validateIdempotencyKey(key);
    } catch (error) {
      return done(error as Error);
    }
    app.idempotency
      .claim(principalKey(request.principal, request.ip), key, requestFingerprint(request.method, request.url, request.body), request.now)
      .then((outcome) => {
        if (outcome.kind === 'proceed') {
          request.idempotencyClaim = outcome.claim;
          return done();
        }
        // A replay: the stored answer is the response, and the handler does not run.
        reply.code(outcome.response.status).headers(outcome.response.headers).header('idempotent-replayed', 'true');
        reply.send(outcome.response.body);
      }, done);
  });

  // A claim still open when the response leaves means the handler did not complete it: it
  // failed. A definite refusal (4xx) is stored, as Stripe does, so a retry gets the same
  // answer; a transient failure releases the key so that the retry runs again.
  app.addHook('onSend', (request, reply, payload, done) => {
    const claim = request.idempotencyClaim;
    if (!claim) return done(null, payload);
    request.idempotencyClaim = undefined;
    const settled =
      reply.statusCode >= 400 && !TRANSIENT_STATUSES.has(reply.statusCode) && typeof payload === 'string'
        ? app.idempotency.complete(ctx.database.db, claim, {
            status: reply.statusCode,
            headers: { 'content-type': String(reply.getHeader('content-type')) },
            body: payload,
          })
        : app.idempotency.release(claim);
    settled
      .catch((error: unknown) => request.log.error({ err: error }, 'could not settle the idempotency key'))
      .then(() => done(null, payload));
  });

  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 'ROUTE_NOT_FOUND', { method: request.method, path: request.url.split('?')[0] }),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Licentia API',
        version: '1.0.0',
        description:
          'Product keys, subscriptions, activation and billing. Errors are RFC 9457 problem details with a stable `code`; ' +
          'messages follow Accept-Language (ja, en). POST requests accept an Idempotency-Key header.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer', description: 'An API token (lic_…)' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: { kind: 'public' } } }, async () => app.swagger());

  await registerModules(app);
  return app;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

function organizationOfRoute(request: FastifyRequest): string | undefined {
  return (request.params as { organizationId?: string } | undefined)?.organizationId;
}

/** A request with nothing to look up: no credential, no organization in its route, no simulation header. */
function isBareRequest(request: FastifyRequest): boolean {
  return (
    request.headers.authorization === undefined &&
    request.cookies[SESSION_COOKIE] === undefined &&
    request.headers[SIMULATION_HEADER] === undefined &&
    organizationOfRoute(request) === undefined
  );
}

function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { code, details } = classifyError(error, request);
  if (code === 'INTERNAL_ERROR') request.log.error({ err: error }, 'unhandled error');
  else if (code === 'TEMPORARILY_UNAVAILABLE') request.log.warn({ err: (error as DomainError).cause ?? error }, 'database unavailable');
  return sendProblem(request, reply, code, details);
}
