// Liveness (the process answers) and readiness (it can reach its database), for load balancers
// and orchestrators. Neither needs a caller identity.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { DomainError } from '../../errors/domain-error.ts';

const HealthSchema = Type.Object({ status: Type.Literal('ok') });
const ReadySchema = Type.Object({ status: Type.Literal('ready'), database: Type.String() });

export async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/healthz', {
    schema: { tags: ['operations'], summary: 'Liveness', response: { 200: HealthSchema } },
    config: { access: access.public() },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: ReadySchema } },
    config: { access: access.public() },
  }, async () => {
    try {
      await sql`select 1`.execute(app.ctx.database.db);
    } catch (error) {
      throw new DomainError('TEMPORARILY_UNAVAILABLE', { retryAfterSeconds: 5 }, { cause: error });
    }
    return { status: 'ready' as const, database: app.ctx.database.dialect };
  });
}
