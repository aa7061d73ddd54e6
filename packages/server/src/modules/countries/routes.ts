// The countries and regions where organizations can be made, with names in the caller's language.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { countryName, SUPPORTED_COUNTRIES } from '@licentia/core/countries';
import { access } from '../../auth/access.ts';

const CountrySchema = Type.Object({ code: Type.String(), name: Type.String(), timeZone: Type.String(), currency: Type.String() });

export async function countryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/v1/countries', {
    schema: { tags: ['organizations'], summary: 'Supported countries and regions', response: { 200: Type.Object({ data: Type.Array(CountrySchema) }) } },
    config: { access: access.public() },
  }, async (request) => ({
    data: SUPPORTED_COUNTRIES.map((c) => ({ code: c.code, name: countryName(c.code, request.language), timeZone: c.timeZone, currency: c.currency })),
  }));
}
