// The public keys that verify license files and validation answers, as a JWKS at the
// well-known address (SPEC §6). Public and cacheable: they are public keys, and every app asks
// for them. Retired keys stay in the set until the files they signed have all expired, so a
// rotation never invalidates a file in the field; a client that meets an unknown kid refetches.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';

export const JWKS_PATH = '/.well-known/jwks.json';
/** An hour: short enough that a rotation reaches caches soon, long enough to spare the server. */
const CACHE_CONTROL = 'public, max-age=3600';

const JwkSchema = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ description: 'The public key, base64url' }),
  kid: Type.String({ description: 'RFC 7638 thumbprint; the kid in the header of what it signed' }),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig'),
});

export async function licenseKeyRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const keys = app.ctx.signingKeys;

  app.get(JWKS_PATH, {
    schema: {
      tags: ['devices'],
      summary: 'The public keys (JWKS) that verify license files and signed validation answers',
      security: [],
      response: { 200: Type.Object({ keys: Type.Array(JwkSchema) }) },
    },
    config: { access: access.public() },
  }, async (_request, reply) => {
    reply.header('cache-control', CACHE_CONTROL);
    return keys.publicJwks();
  });
}
