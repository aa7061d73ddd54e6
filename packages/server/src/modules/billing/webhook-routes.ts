// Stripe's webhook endpoint. Public (Stripe signs, it does not sign in): the signature over the
// raw body is the authentication, so this route keeps the body as bytes.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { OneOf } from '../../http/schemas.ts';
import { handleStripeEvent } from './provider-webhooks.ts';
import { StripeProvider } from './providers/stripe.ts';

export async function webhookRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, config } = app.ctx;
  // In this plugin only: JSON bodies stay raw bytes, exactly what Stripe signed.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/v1/billing/providers/stripe/webhook', {
    schema: {
      tags: ['billing'],
      summary: "Stripe's webhook (Stripe-Signature: t=…,v1=…); configure this URL in Stripe with payment_intent.succeeded and payment_intent.payment_failed",
      body: Type.Unsafe<Buffer>({ type: 'object', description: 'A Stripe event, as signed' }),
      response: { 200: Type.Object({ received: Type.Boolean(), outcome: OneOf(['paid', 'duplicate', 'unapplied', 'recorded', 'ignored'] as const) }) },
    },
    config: { access: access.public() },
  }, async (request) => {
    if (config.billing.cardProvider !== 'stripe') throw new DomainError('NOT_FOUND', { resource: 'payment provider' });
    const provider = new StripeProvider(config.billing.stripe);
    const header = request.headers['stripe-signature'];
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(JSON.stringify(request.body ?? null));
    const verified = provider.verifyWebhook(body, typeof header === 'string' ? header : undefined, Math.floor(request.now.epochMilliseconds / 1000));
    if (!verified.ok) throw new DomainError('WEBHOOK_SIGNATURE_INVALID', { reason: verified.reason });
    const outcome = await handleStripeEvent(database, { principal: { kind: 'anonymous' }, requestId: request.id, now: request.now }, verified.event);
    return { received: true, outcome };
  });
}
