// Redeeming product keys (SPEC §3): a cart, keys added and checked one by one, a review of what
// will happen, then completion with an explicit confirmation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import type { Principal } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import type { Language } from '../../errors/catalog.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { buildProblem, ProblemSchema } from '../../http/problem.ts';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';
import { refuseIfExhausted, hitRateLimit, type RateLimit } from '../../limits/rate-limiter.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { productKeyHmacKey } from '../keys/material.ts';
import { SEGMENTS, OrganizationSchema, type Segment } from '../organizations/schemas.ts';
import { toOrganization } from '../organizations/service.ts';
import { cartState, createCart, getOwnCart, requireOpen, type CartRow } from './carts.ts';
import { executeRedemption, loadCartKeys, reviewToken, type RedemptionOutcome, type RedemptionTarget } from './execute.ts';
import { checkKeyEntry } from './key-entry.ts';
import { cartKeyIds, findKeysByIds, type RedeemableKey } from './store.ts';

const KEY_KINDS = ['subscription', 'add_seats', 'renewal', 'trial'] as const;
const Names = Type.Object({ en: Type.String(), ja: Type.String() });
const CartItemSchema = Type.Object({
  keyId: Type.String(),
  last5: Type.String({ description: 'The last five characters of the key' }),
  kind: OneOf(KEY_KINDS),
  seats: Type.Integer(),
  redeemBy: Type.String({ format: 'date' }),
  plan: Type.Object({
    id: Type.String(),
    sku: Type.String(),
    name: Names,
    countries: Type.Array(Type.String(), { description: 'Where the plan is sold (ISO 3166-1 alpha-2): a new organization must be in one of them' }),
    segments: Type.Array(OneOf(SEGMENTS), { description: 'Which kinds of organization may hold it' }),
  }),
  product: Type.Object({ id: Type.String(), name: Names }),
});
const CartSchema = Type.Object({
  id: Type.String(),
  state: OneOf(['open', 'completed', 'expired'] as const),
  expiresAt: Instant,
  organizationId: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(CartItemSchema),
});
const KeyResultSchema = Type.Union([
  Type.Object({ input: Type.String(), ok: Type.Literal(true), item: CartItemSchema }),
  Type.Object({ input: Type.String(), ok: Type.Literal(false), problem: ProblemSchema }),
]);
const AddKeysResponse = Type.Object({ results: Type.Array(KeyResultSchema), cart: CartSchema });
const TargetSchema = Type.Union([
  StrictObject({ organizationId: Type.String({ maxLength: 64 }) }, { description: 'An existing organization: you must be its global or billing admin' }),
  StrictObject({
    newOrganization: StrictObject({
      country: Type.String({ minLength: 2, maxLength: 2, examples: ['JP'] }),
      name: Type.String({ minLength: 1, maxLength: 200, examples: ['Example KK'] }),
      segment: Type.Optional(OneOf(SEGMENTS)),
      administrator: StrictObject({
        name: Type.String({ minLength: 1, maxLength: 200, examples: ['Hanako Yamada'] }),
        email: Type.String({ minLength: 3, maxLength: 254, examples: ['hanako@example.com'] }),
      }),
      partnerOrganizationId: Type.Optional(
        Type.String({
          maxLength: 64,
          description:
            "Redeem on the customer's behalf as this partner organization (you are its partner admin or agent): the administrator above becomes the " +
            'global admin and gets the seat, the partner none, and the partner becomes partner of record of the new subscriptions',
        }),
      ),
    }),
  }),
]);
const EffectSchema = Type.Object({
  keyId: Type.String(),
  last5: Type.String(),
  kind: OneOf(KEY_KINDS),
  effect: OneOf(['subscription_created', 'trial_started', 'seats_added', 'renewed'] as const),
  subscriptionId: Type.String(),
  plan: Type.Object({ id: Type.String(), sku: Type.String(), name: Names }),
  product: Type.Object({ id: Type.String(), name: Names }),
  seats: Type.Integer({ description: 'Seats of the subscription afterwards' }),
  startDate: Type.String({ format: 'date', description: "Civil date in the organization's time zone" }),
  endDate: Type.String({ format: 'date' }),
});
const ReviewSchema = Type.Object({
  reviewToken: Type.String({ description: 'Send it with the completion: it proves nothing changed since this review' }),
  organization: Type.Object({
    id: Type.Union([Type.String(), Type.Null()], { description: 'null: the organization will be created' }),
    name: Type.String(),
    country: Type.String(),
    timeZone: Type.String(),
    segment: Type.String(),
  }),
  effects: Type.Array(EffectSchema),
});
const CompletionSchema = Type.Object({
  organization: OrganizationSchema,
  organizationCreated: Type.Boolean(),
  administratorUserId: Type.Union([Type.String(), Type.Null()]),
  effects: Type.Array(EffectSchema),
});
const CartParams = StrictObject({ cartId: Type.String({ maxLength: 64 }) });

/** Thrown to roll the review's transaction back, carrying what it computed. */
class ReviewRollback extends Error {
  readonly outcome: RedemptionOutcome;
  constructor(outcome: RedemptionOutcome) {
    super('review rollback');
    this.outcome = outcome;
  }
}

function ownerOf(principal: Principal): string {
  if (principal.kind === 'user') return principal.userId;
  if (principal.kind === 'token' && principal.createdByUserId) return principal.createdByUserId;
  throw new DomainError('USER_REQUIRED');
}

function toItem(key: RedeemableKey) {
  return {
    keyId: key.id,
    last5: key.last5,
    kind: key.kind,
    seats: key.seats,
    redeemBy: key.redeemBy,
    plan: { id: key.plan.id, sku: key.plan.sku, name: key.plan.name, countries: key.plan.countries, segments: key.plan.segments as Segment[] },
    product: { id: key.plan.productId, name: key.plan.productName },
  };
}

function toCart(cart: CartRow, keys: RedeemableKey[], request: FastifyRequest) {
  return { id: cart.id, state: cartState(cart, request.now), expiresAt: cart.expires_at, organizationId: cart.organization_id, items: keys.map(toItem) };
}

export async function redemptionRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets, config, failpoints } = app.ctx;
  const db = database.db;
  const keyHmac = productKeyHmacKey(secrets.derive('product-key-hmac'));
  const failureRule = (name: string): RateLimit => ({ name, limit: config.keyEntryFailureLimit, windowSeconds: 600 });

  /** Failed key entries are limited per client address and per organization of the caller. */
  function failureBuckets(request: FastifyRequest, userId: string) {
    const principal = request.principal;
    const organizations = principal.kind === 'anonymous' ? [] : [...principal.roles.keys()];
    return [
      { rule: failureRule('key-entry:address'), subject: request.ip },
      ...(organizations.length > 0
        ? organizations.map((id) => ({ rule: failureRule('key-entry:organization'), subject: id }))
        : [{ rule: failureRule('key-entry:user'), subject: userId }]),
    ];
  }

  const runContext = (request: FastifyRequest, tx: Tx, cartId: string, target: RedemptionTarget) => ({
    tx,
    dialect: database.dialect,
    audit: auditContextOf(request),
    failpoints,
    cartId,
    target,
  });

  app.post('/v1/redemption-carts', {
    schema: { tags: ['redemption'], summary: 'Start a redemption: an empty list of keys, kept 24 hours', response: { 201: CartSchema } },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const owner = ownerOf(request.principal);
    return runMutation(request, reply, async (tx) => ({ status: 201, body: toCart(await createCart(tx, owner, request.now), [], request) }));
  });

  app.get('/v1/redemption-carts/:cartId', {
    schema: { tags: ['redemption'], summary: 'Resume a redemption', params: CartParams, response: { 200: CartSchema } },
    config: { access: access.authenticated() },
  }, async (request) => {
    const cart = await getOwnCart(db, request.params.cartId, ownerOf(request.principal));
    return toCart(cart, await findKeysByIds(db, await cartKeyIds(db, cart.id)), request);
  });

  app.post('/v1/redemption-carts/:cartId/keys', {
    schema: {
      tags: ['redemption'],
      summary: 'Add keys: each is checked at once and answered with its own result',
      params: CartParams,
      body: StrictObject({ keys: Type.Array(Type.String({ minLength: 1, maxLength: 100, examples: ['BCDFG-HJKMP-QRTVW-XY234-6789B'] }), { minItems: 1, maxItems: 100 }) }),
      response: { 200: AddKeysResponse },
    },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const owner = ownerOf(request.principal);
    const buckets = failureBuckets(request, owner);
    await refuseIfExhausted(db, buckets, request.now);
    return runMutation(request, reply, async (tx) => {
      const cart = await getOwnCart(tx, request.params.cartId, owner);
      requireOpen(cart, request.now);
      const inCart = new Set(await cartKeyIds(tx, cart.id));
      const principal = request.principal;
      const callerOrganizationIds = new Set(principal.kind === 'anonymous' ? [] : principal.roles.keys());
      const results = [];
      for (const input of request.body.keys) {
        const result = await checkKeyEntry(tx, input, { hmacKey: keyHmac, keyIdsInCart: inCart, callerOrganizationIds, now: request.now });
        if (result.ok) {
          inCart.add(result.key.id);
          await tx.insertInto('redemption_cart_items').values({ cart_id: cart.id, product_key_id: result.key.id, added_at: toStoredInstant(request.now) }).execute();
          results.push({ input, ok: true as const, item: toItem(result.key) });
        } else {
          for (const bucket of buckets) await hitRateLimit(tx, bucket.rule, bucket.subject, request.now);
          const problem = buildProblem(result.code, result.details, request.language as Language, { requestId: request.id, instance: request.url });
          results.push({ input, ok: false as const, problem });
        }
      }
      const keys = await findKeysByIds(tx, [...inCart]);
      return { status: 200, body: { results, cart: toCart(cart, keys, request) } };
    });
  });

  app.delete('/v1/redemption-carts/:cartId/keys/:keyId', {
    schema: {
      tags: ['redemption'],
      summary: 'Remove a key from the list',
      params: StrictObject({ cartId: Type.String({ maxLength: 64 }), keyId: Type.String({ maxLength: 64 }) }),
      response: { 200: CartSchema },
    },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const owner = ownerOf(request.principal);
    return runMutation(request, reply, async (tx) => {
      const cart = await getOwnCart(tx, request.params.cartId, owner);
      requireOpen(cart, request.now);
      const removed = await tx.deleteFrom('redemption_cart_items').where('cart_id', '=', cart.id).where('product_key_id', '=', request.params.keyId).executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw new DomainError('NOT_FOUND', { resource: 'key in this list' });
      return { status: 200, body: toCart(cart, await findKeysByIds(tx, await cartKeyIds(tx, cart.id)), request) };
    });
  });

  app.post('/v1/redemption-carts/:cartId/review', {
    schema: {
      tags: ['redemption'],
      summary: 'Review what completing would do (products, seats, term dates, organization); changes nothing',
      params: CartParams,
      body: StrictObject({ target: TargetSchema }),
      response: { 200: ReviewSchema },
    },
    config: { access: access.authenticated() },
  }, async (request) => {
    const owner = ownerOf(request.principal);
    const target = request.body.target as RedemptionTarget;
    let token = '';
    let outcome: RedemptionOutcome;
    try {
      await inTransaction(db, async (tx) => {
        const cart = await getOwnCart(tx, request.params.cartId, owner);
        requireOpen(cart, request.now);
        const keys = await loadCartKeys(tx, cart.id);
        if (keys.length === 0) throw new DomainError('CART_EMPTY');
        token = reviewToken(cart.id, keys, target);
        throw new ReviewRollback(await executeRedemption(runContext(request, tx, cart.id, target), keys));
      });
      throw new Error('unreachable: the review always rolls back');
    } catch (error) {
      if (!(error instanceof ReviewRollback)) throw error;
      outcome = error.outcome;
    }
    const organization = outcome.organization;
    return {
      reviewToken: token,
      organization: {
        id: outcome.organizationCreated ? null : organization.id,
        name: organization.name,
        country: organization.country,
        timeZone: organization.time_zone,
        segment: organization.segment,
      },
      effects: outcome.effects,
    };
  });

  app.post('/v1/redemption-carts/:cartId/complete', {
    schema: {
      tags: ['redemption'],
      summary: 'Redeem every key of the list, all or nothing',
      params: CartParams,
      body: StrictObject({
        target: TargetSchema,
        reviewToken: Type.String({ minLength: 1, maxLength: 200 }),
        confirm: Type.Literal(true, { description: 'The explicit confirmation' }),
      }),
      response: { 201: CompletionSchema },
    },
    config: { access: access.authenticated() },
  }, async (request, reply) => {
    const owner = ownerOf(request.principal);
    const target = request.body.target as RedemptionTarget;
    return runMutation(request, reply, async (tx) => {
      const cart = await getOwnCart(tx, request.params.cartId, owner);
      requireOpen(cart, request.now);
      const keys = await loadCartKeys(tx, cart.id);
      if (keys.length === 0) throw new DomainError('CART_EMPTY');
      if (reviewToken(cart.id, keys, target) !== request.body.reviewToken) throw new DomainError('ORDER_NOT_PROCESSED');
      const outcome = await executeRedemption(runContext(request, tx, cart.id, target), keys);
      return {
        status: 201,
        body: {
          organization: toOrganization(outcome.organization),
          organizationCreated: outcome.organizationCreated,
          administratorUserId: outcome.administratorUserId,
          effects: outcome.effects,
        },
      };
    });
  });
}
