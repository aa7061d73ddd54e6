// Key batches and product keys, for vendor staff: administrators make and revoke, support
// agents read and look keys up. Keys travel only in request and response bodies, never in a
// URL, because URLs are what the request log records.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { requireCsrfForSession } from '../../auth/session-cookie.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { ProblemSchema } from '../../http/problem.ts';
import { Page, PaginationQuery } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { productKeyHmacKey } from './material.ts';
import { lookupProductKey, revokeProductKey } from './product-keys.ts';
import {
  CreatedKeyBatchSchema,
  CreateKeyBatchBody,
  KeyBatchDetailSchema,
  KeyBatchParams,
  KeyBatchSchema,
  KeyBody,
  ProductKeySchema,
} from './schemas.ts';
import { createKeyBatch, prepareKeyMaterial, revokeKeyBatch, takeKeyBatchCsv, toKeyBatch, toKeyBatchDetail } from './service.ts';
import { countKeysByState, getKeyBatch, listKeyBatches } from './store.ts';

const STAFF = ['vendor_admin', 'support_agent'] as const;
/** Responses that show plaintext keys must not be kept by a browser or a proxy. */
const NO_STORE = { 'cache-control': 'no-store' };

export async function keyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets } = app.ctx;
  const db = database.db;
  const hmacKey = productKeyHmacKey(secrets.derive('product-key-hmac'));
  const sealKey = secrets.derive('key-batch-seal');
  const changeContext = (request: FastifyRequest, tx: Tx) => ({
    tx,
    dialect: database.dialect,
    audit: auditContextOf(request),
  });

  app.post('/v1/key-batches', {
    schema: {
      tags: ['product keys'],
      summary: 'Make a batch of product keys (up to 100,000); the keys are in this response and the one-time CSV only',
      body: CreateKeyBatchBody,
      response: { 201: CreatedKeyBatchSchema },
    },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) => {
    // Random keys and their HMACs before the transaction: CPU work must not hold it open.
    const material = prepareKeyMaterial(request.body.quantity, hmacKey, request.now);
    return runMutation(request, reply, async (tx) => {
      const { row, keys } = await createKeyBatch(changeContext(request, tx), { hmacKey, sealKey }, request.body, material);
      return { status: 201, body: { batch: toKeyBatch(row), keys }, headers: NO_STORE };
    });
  });

  app.get('/v1/key-batches', {
    schema: {
      tags: ['product keys'],
      summary: 'List key batches, newest first',
      querystring: PaginationQuery,
      response: { 200: Page(KeyBatchSchema) },
    },
    config: { access: access.vendor(...STAFF) },
  }, async (request) => {
    const page = pageRequest(request.query);
    const result = toPage(await listKeyBatches(db, page), page, (r) => r.id);
    return { data: result.data.map(toKeyBatch), nextCursor: result.nextCursor };
  });

  app.get('/v1/key-batches/:batchId', {
    schema: {
      tags: ['product keys'],
      summary: 'Get a key batch with the number of its keys in each state',
      params: KeyBatchParams,
      response: { 200: KeyBatchDetailSchema },
    },
    config: { access: access.vendor(...STAFF) },
  }, async (request) => {
    const row = await getKeyBatch(db, request.params.batchId);
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'key batch' });
    return toKeyBatchDetail(row, await countKeysByState(db, row.id));
  });

  app.get('/v1/key-batches/:batchId/keys.csv', {
    // A HEAD would run the handler and spend the one download on an empty answer.
    exposeHeadRoute: false,
    schema: {
      tags: ['product keys'],
      summary: 'Download the batch\'s keys as CSV, once: the stored copy is destroyed by this download (410 afterwards)',
      description:
        'Columns: key, last5, plan_sku, kind, seats, redeem_by (UTF-8, header row, CRLF). ' +
        'Because this request destroys the CSV, a session must send its X-CSRF-Token here too, as on a write.',
      params: KeyBatchParams,
      response: {
        200: { description: 'The CSV', content: { 'text/csv': { schema: Type.String() } } },
        410: ProblemSchema,
      },
    },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) => {
    requireCsrfForSession(request, secrets.derive('csrf'));
    const csv = await inTransaction(db, (tx) => takeKeyBatchCsv(changeContext(request, tx), sealKey, request.params.batchId));
    return reply
      .headers({ ...NO_STORE, 'content-disposition': `attachment; filename="${request.params.batchId}.csv"` })
      .type('text/csv; charset=utf-8; header=present')
      .send(csv);
  });

  app.post('/v1/key-batches/:batchId/revoke', {
    schema: {
      tags: ['product keys'],
      summary: 'Revoke every unused key of a batch (redeemed keys stay redeemed)',
      params: KeyBatchParams,
      response: { 200: KeyBatchDetailSchema },
    },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({ status: 200, body: await revokeKeyBatch(changeContext(request, tx), request.params.batchId) })),
  );

  app.post('/v1/product-keys/lookup', {
    schema: {
      tags: ['product keys'],
      summary: 'Look a product key up by the key itself (support desk); POST so that the key stays out of URLs and logs',
      body: KeyBody,
      response: { 200: ProductKeySchema },
    },
    config: { access: access.vendor(...STAFF) },
  }, async (request) => lookupProductKey(db, hmacKey, request.body.key));

  app.post('/v1/product-keys/revoke', {
    schema: {
      tags: ['product keys'],
      summary: 'Revoke one unused product key, given the key itself',
      body: KeyBody,
      response: { 200: ProductKeySchema },
    },
    config: { access: access.vendor('vendor_admin') },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({ status: 200, body: await revokeProductKey(changeContext(request, tx), hmacKey, request.body.key) })),
  );
}
