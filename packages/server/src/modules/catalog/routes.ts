// The catalog for vendor staff: products and their plans. Vendor administrators change it;
// support agents read it. Customers see plans only through what they redeem or buy.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../auth/access.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Page, PaginationQuery } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { createPlan, getPlan, setPlanActive, toPlan, updatePlan, type CatalogChangeContext } from './plans.ts';
import { normalizeSku } from './plan-rules.ts';
import { createProduct, toProduct, updateProduct } from './products.ts';
import {
  CreatePlanBody,
  CreateProductBody,
  PlanListQuery,
  PlanParams,
  PlanSchema,
  ProductParams,
  ProductSchema,
  UpdatePlanBody,
  UpdateProductBody,
} from './schemas.ts';
import { getProductRow } from './store.ts';

const READERS = access.vendor('vendor_admin', 'support_agent');
const WRITERS = access.vendor('vendor_admin');
const tags = ['catalog'];

export async function catalogRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;
  const changeContext = (request: FastifyRequest, tx: Tx): CatalogChangeContext => ({
    tx,
    dialect: app.ctx.database.dialect,
    audit: auditContextOf(request),
  });

  // Products.

  app.get('/v1/catalog/products', {
    schema: { tags, summary: 'List products', querystring: PaginationQuery, response: { 200: Page(ProductSchema) } },
    config: { access: READERS },
  }, async (request) => {
    const page = pageRequest(request.query);
    let query = db.selectFrom('products').selectAll().orderBy('id').limit(page.limit + 1);
    if (page.after) query = query.where('id', '>', page.after);
    const result = toPage(await query.execute(), page, (r) => r.id);
    return { data: result.data.map(toProduct), nextCursor: result.nextCursor };
  });

  app.post('/v1/catalog/products', {
    schema: { tags, summary: 'Create a product (names in English and Japanese)', body: CreateProductBody, response: { 201: ProductSchema } },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({ status: 201, body: toProduct(await createProduct(tx, auditContextOf(request), request.body)) })),
  );

  app.get('/v1/catalog/products/:productId', {
    schema: { tags, summary: 'Get a product', params: ProductParams, response: { 200: ProductSchema } },
    config: { access: READERS },
  }, async (request) => {
    const row = await getProductRow(db, request.params.productId);
    if (!row) throw new DomainError('NOT_FOUND', { resource: 'product' });
    return toProduct(row);
  });

  app.patch('/v1/catalog/products/:productId', {
    schema: { tags, summary: 'Rename a product', params: ProductParams, body: UpdateProductBody, response: { 200: ProductSchema } },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({
      status: 200,
      body: toProduct(await updateProduct(tx, auditContextOf(request), request.params.productId, request.body)),
    })),
  );

  // Plans.

  app.post('/v1/catalog/products/:productId/plans', {
    schema: {
      tags,
      summary: 'Create a plan (SKU) of a product',
      description: 'Unset fields take their defaults; the lifecycle parameters given are merged over the defaults of SPEC §4.',
      params: ProductParams,
      body: CreatePlanBody,
      response: { 201: PlanSchema },
    },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({
      status: 201,
      body: await createPlan(changeContext(request, tx), request.params.productId, request.body),
    })),
  );

  app.get('/v1/catalog/plans', {
    schema: { tags, summary: 'List plans, optionally of one product, active or not, or by SKU', querystring: PlanListQuery, response: { 200: Page(PlanSchema) } },
    config: { access: READERS },
  }, async (request) => {
    const { productId, active, sku } = request.query;
    const page = pageRequest(request.query);
    let query = db.selectFrom('plans').selectAll().orderBy('id').limit(page.limit + 1);
    if (page.after) query = query.where('id', '>', page.after);
    if (productId !== undefined) query = query.where('product_id', '=', productId);
    if (active !== undefined) query = query.where('active', '=', active ? 1 : 0);
    if (sku !== undefined) {
      let wanted: string;
      try {
        wanted = normalizeSku(sku);
      } catch {
        // A SKU that could never exist simply matches nothing.
        return { data: [], nextCursor: null };
      }
      query = query.where('sku', '=', wanted);
    }
    const result = toPage(await query.execute(), page, (r) => r.id);
    return { data: result.data.map(toPlan), nextCursor: result.nextCursor };
  });

  app.get('/v1/catalog/plans/:planId', {
    schema: { tags, summary: 'Get a plan with its effective lifecycle parameters', params: PlanParams, response: { 200: PlanSchema } },
    config: { access: READERS },
  }, async (request) => {
    const plan = await getPlan(db, request.params.planId);
    if (!plan) throw new DomainError('NOT_FOUND', { resource: 'plan' });
    return plan;
  });

  app.patch('/v1/catalog/plans/:planId', {
    schema: {
      tags,
      summary: 'Change a plan',
      description:
        'The SKU and the product never change. Once product keys or subscriptions of the plan exist, its term, category, trial length, ' +
        'currency and lifecycle parameters cannot change either (409 PLAN_IN_USE): create a new plan instead.',
      params: PlanParams,
      body: UpdatePlanBody,
      response: { 200: PlanSchema },
    },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({ status: 200, body: await updatePlan(changeContext(request, tx), request.params.planId, request.body) })),
  );

  app.post('/v1/catalog/plans/:planId/deactivate', {
    schema: {
      tags,
      summary: 'Stop selling a plan (plans are never deleted)',
      description: 'No new keys or orders of it; keys already made and subscriptions already sold keep working and renewing.',
      params: PlanParams,
      response: { 200: PlanSchema },
    },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({ status: 200, body: await setPlanActive(changeContext(request, tx), request.params.planId, false) })),
  );

  app.post('/v1/catalog/plans/:planId/activate', {
    schema: { tags, summary: 'Sell a deactivated plan again', params: PlanParams, response: { 200: PlanSchema } },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => ({ status: 200, body: await setPlanActive(changeContext(request, tx), request.params.planId, true) })),
  );
}
