// The partner of record of a customer's subscription (SPEC §7): read it, name one by partner ID,
// remove it. Reading is for everyone who reads the subscription; changing is for the
// customer's own global and billing admins (partner-of-record.ts says why not partners).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../auth/access.ts';
import type { Tx } from '../../db/transaction.ts';
import { runMutation } from '../../http/mutation.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { readAccess } from '../subscriptions/permissions.ts';
import { SubscriptionParams } from '../subscriptions/schemas.ts';
import type { SubscriptionRow } from '../subscriptions/service.ts';
import { requireOrganization, requireSubscription } from '../subscriptions/store.ts';
import { setPartnerOfRecord } from './partner-of-record.ts';
import { PartnerOfRecordBody, PartnerOfRecordSchema, toPartnerSummary } from './schemas.ts';
import { requirePartnerById } from './service.ts';
import { findPartnerByOrganization } from './store.ts';

const NAMERS = access.organization(['global_admin', 'billing_admin'], { delegated: false });

async function toPartnerOfRecord(db: Kysely<DB> | Tx, subscription: SubscriptionRow) {
  const partner = subscription.partner_organization_id ? await findPartnerByOrganization(db, subscription.partner_organization_id) : undefined;
  return { subscriptionId: subscription.id, partner: partner ? toPartnerSummary(partner) : null };
}

export async function partnerOfRecordRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;
  const path = '/v1/organizations/:organizationId/subscriptions/:subscriptionId/partner-of-record';

  app.get(path, {
    schema: { tags: ['partners'], summary: "The subscription's partner of record, if any", params: SubscriptionParams, response: { 200: PartnerOfRecordSchema } },
    config: { access: readAccess() },
  }, async (request) => {
    const organization = await requireOrganization(db, request.params.organizationId);
    return toPartnerOfRecord(db, await requireSubscription(db, organization.id, request.params.subscriptionId));
  });

  app.put(path, {
    schema: {
      tags: ['partners'],
      summary: 'Name a partner, by its partner ID, as partner of record: it sees the subscription, gets its renewal reminders and may renew it',
      params: SubscriptionParams,
      body: PartnerOfRecordBody,
      response: { 200: PartnerOfRecordSchema },
    },
    config: { access: NAMERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const partner = await requirePartnerById(tx, request.body.partnerId);
      const row = await setPartnerOfRecord(tx, database.dialect, auditContextOf(request), { organization, subscriptionId: request.params.subscriptionId, partner });
      return { status: 200, body: await toPartnerOfRecord(tx, row) };
    }),
  );

  app.delete(path, {
    schema: { tags: ['partners'], summary: 'Remove the partner of record (none: nothing changes)', params: SubscriptionParams, response: { 200: PartnerOfRecordSchema } },
    config: { access: NAMERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const organization = await requireOrganization(tx, request.params.organizationId);
      const row = await setPartnerOfRecord(tx, database.dialect, auditContextOf(request), { organization, subscriptionId: request.params.subscriptionId, partner: null });
      return { status: 200, body: await toPartnerOfRecord(tx, row) };
    }),
  );
}
