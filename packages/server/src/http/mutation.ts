// The one way a handler changes state: its work runs in a transaction (retried on transient
// conflicts), and when the request carries an Idempotency-Key, the serialized response is
// stored in that same transaction, so effect and replayable result commit together.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { inTransaction, type Tx } from '../db/transaction.ts';

export interface MutationResult<T> {
  status: number;
  body: T;
  headers?: Record<string, string | string[]>;
}

export async function runMutation<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  work: (tx: Tx) => Promise<MutationResult<T>>,
): Promise<FastifyReply> {
  const app = request.server;
  await app.ctx.failpoints.hit('mutation.before-transaction');
  const { payload, result } = await inTransaction(app.ctx.database.db, async (tx) => {
    const result = await work(tx);
    reply.code(result.status);
    // Serialized once, here, with the route's response schema: the bytes stored for replay are
    // the bytes sent now.
    const payload = result.status === 204 ? '' : (reply.serialize(result.body) as string);
    const claim = request.idempotencyClaim;
    if (claim) {
      await app.idempotency.complete(tx, claim, {
        status: result.status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
        body: payload,
      });
    }
    await app.ctx.failpoints.hit('mutation.before-commit');
    return { payload, result };
  });
  request.idempotencyClaim = undefined;
  await app.ctx.failpoints.hit('mutation.after-commit');
  for (const [name, value] of Object.entries(result.headers ?? {})) reply.header(name, value);
  return reply.code(result.status).type('application/json; charset=utf-8').send(payload);
}
