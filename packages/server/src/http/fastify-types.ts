// What Licentia adds to Fastify's request, reply, instance and route config.
import type { Temporal } from 'temporal-polyfill';
import type { Access } from '../auth/access.ts';
import type { Principal } from '../auth/principal.ts';
import type { Language } from '../errors/catalog.ts';
import type { AppContext } from './context.ts';
import type { IdempotencyClaim, IdempotencyStore } from './idempotency.ts';

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  schema: {
    params?: unknown;
    querystring?: unknown;
    body?: unknown;
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    idempotency: IdempotencyStore;
    /** Every route with its access rule: the permission matrix is generated from it. */
    routeTable: RouteEntry[];
  }
  interface FastifyRequest {
    principal: Principal;
    language: Language;
    /** The clock, read once when the request arrived. */
    now: Temporal.Instant;
    idempotencyClaim: IdempotencyClaim | undefined;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
