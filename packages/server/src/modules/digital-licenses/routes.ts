// A person's digital licenses (SPEC §6): link the product key of a personal account to the
// account, see which licenses are linked, unlink one. Then the app activates it by signing in
// (POST /v1/activations with the account and productId), also after a repair.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import { runMutation } from '../../http/mutation.ts';
import { Instant, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { productKeyHmacKey } from '../keys/material.ts';
import { linkedLicensesOf, linkKeyLicense, unlinkLicense } from './service.ts';

const TAGS = ['devices'];

const LinkedLicenseSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  planId: Type.String(),
  productId: Type.String(),
  keyLast5: Type.String(),
  linkedAt: Instant,
  activeDevices: Type.Integer(),
  deviceLimit: Type.Integer(),
});

type LinkedRow = Awaited<ReturnType<typeof linkedLicensesOf>>[number];
function toLinked(row: LinkedRow) {
  return {
    id: row.id,
    organizationId: row.organization_id,
    planId: row.plan_id,
    productId: row.product_id,
    keyLast5: row.last5,
    linkedAt: row.linked_at!,
    activeDevices: row.active_devices,
    deviceLimit: row.device_limit,
  };
}

export async function digitalLicenseRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database, secrets } = app.ctx;
  const hmacKey = productKeyHmacKey(secrets.derive('product-key-hmac'));

  app.get('/v1/me/linked-licenses', {
    schema: { tags: TAGS, summary: 'The licenses linked to my account (digital licenses)', response: { 200: Type.Object({ data: Type.Array(LinkedLicenseSchema) }) } },
    config: { access: access.authenticated() },
  }, async (request) => ({ data: (await linkedLicensesOf(database.db, request.principal)).map(toLinked) }));

  app.post('/v1/me/linked-licenses', {
    schema: {
      tags: TAGS,
      summary: 'Link the product key of my personal account to my account: the app then activates it, and moves it after a repair, when I sign in',
      body: StrictObject({ key: Type.String({ minLength: 1, maxLength: 100, description: 'A redeemed product key of a personal organization in which I am a global or license admin' }) }),
      response: { 201: LinkedLicenseSchema, 200: LinkedLicenseSchema },
    },
    config: { access: access.authenticated() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const linked = await linkKeyLicense({ tx, dialect: database.dialect, audit: auditContextOf(request) }, { principal: request.principal, key: request.body.key, hmacKey });
      const row = (await linkedLicensesOf(tx, request.principal)).find((r) => r.id === linked.license.id)!;
      return { status: linked.changed ? 201 : 200, body: toLinked(row) };
    }),
  );

  app.delete('/v1/me/linked-licenses/:licenseId', {
    schema: { tags: TAGS, summary: 'Unlink a license from my account (its devices stay active)', params: StrictObject({ licenseId: Type.String({ maxLength: 64 }) }), response: { 204: Type.Null() } },
    config: { access: access.authenticated() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      await unlinkLicense(tx, auditContextOf(request), request.principal, request.params.licenseId);
      return { status: 204, body: null };
    }),
  );
}
