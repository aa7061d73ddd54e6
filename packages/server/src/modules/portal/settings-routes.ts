// What the portal must know of this server's configuration to offer only what works: who takes
// card payments (the local test provider's payment methods are offered by name; a real provider
// needs its own card form) and the largest file a support case accepts (checked before sending).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { OneOf } from '../../http/schemas.ts';
import { TEST_PAYMENT_METHODS } from '../billing/providers/test-provider.ts';

const PortalSettingsSchema = Type.Object({
  cardPayments: Type.Object({
    provider: OneOf(['test', 'stripe'] as const, { description: 'LICENTIA_CARD_PROVIDER' }),
    testPaymentMethods: Type.Array(
      Type.Object({ id: Type.String(), outcome: OneOf(['succeeded', 'declined', 'authentication_required'] as const) }),
      { description: 'With the test provider: the payment methods it answers to, and how each ends (nothing is charged); empty otherwise' },
    ),
  }),
  attachmentMaxBytes: Type.Integer({ description: 'The largest file a support case accepts, decoded (LICENTIA_ATTACHMENT_MAX_BYTES)' }),
});

export async function portalSettingsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = app.ctx;

  app.get('/v1/portal/settings', {
    schema: { tags: ['portal'], summary: "What the portal needs of the server's configuration: the card payment provider and the largest support-case file", response: { 200: PortalSettingsSchema } },
    config: { access: access.authenticated() },
  }, async () => ({
    cardPayments: { provider: config.billing.cardProvider, testPaymentMethods: config.billing.cardProvider === 'test' ? [...TEST_PAYMENT_METHODS] : [] },
    attachmentMaxBytes: config.attachmentMaxBytes,
  }));
}
