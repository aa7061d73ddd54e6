// Seats (SPEC §5): how many of each plan an organization has and holds, who holds them, and
// assigning or unassigning one. When seats shrink, assignments stay but the ones beyond the
// total (the most recent first) are shown as unlicensed.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../../auth/access.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Instant, Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { getPlan } from '../catalog/plans.ts';
import { getOrganization, type OrganizationRow } from '../organizations/store.ts';
import { subscriptionPlanOf, type SubscriptionPlan } from '../subscriptions/plan.ts';
import { assignSeat, listAssignments, seatStanding, seatSummary, unassignSeat, type AssignmentPosition } from './service.ts';

const SeatSummarySchema = Type.Object({
  planId: Type.String(),
  total: Type.Integer({ description: 'Seats of the usable (active or grace) subscriptions' }),
  assigned: Type.Integer(),
  available: Type.Integer(),
  state: Type.Union([Type.String(), Type.Null()], { description: "The best state of the plan's subscriptions" }),
});
const AssignmentSchema = Type.Object({
  userId: Type.String(),
  assignedAt: Instant,
  licensed: Type.Boolean({ description: 'false when seats shrank below the assignments: the most recent ones lose their license first' }),
});
const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
const PlanParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), planId: Type.String({ maxLength: 64 }) });
const AssignmentParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), planId: Type.String({ maxLength: 64 }), userId: Type.String({ maxLength: 64 }) });

const MAX_USER_IDS = 200;
const AssignmentsQuery = StrictObject({
  ...PaginationQuery.properties,
  userIds: Type.Optional(Type.String({ maxLength: MAX_USER_IDS * 65, description: `Only these users: up to ${MAX_USER_IDS} ids separated by commas (the members a page shows)` })),
});

/** A page's cursor is its last assignment's instant and user id (the list's order). */
function fromCursor(after: string): AssignmentPosition {
  const [assignedAt = '', userId = ''] = after.split(' ');
  return { assigned_at: assignedAt, user_id: userId };
}

const READERS = ['global_admin', 'user_admin', 'license_admin', 'billing_admin'] as const;
const ASSIGNERS = ['global_admin', 'user_admin', 'license_admin'] as const;

/** The organization and a plan of the catalog; `held` also requires a subscription of it. */
async function organizationAndPlan(
  db: Kysely<DB> | Tx,
  organizationId: string,
  planId: string,
  options: { held: boolean },
): Promise<{ organization: OrganizationRow; plan: SubscriptionPlan }> {
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw new DomainError('NOT_FOUND', { resource: 'organization' });
  const plan = await getPlan(db, planId);
  if (!plan) throw new DomainError('NOT_FOUND', { resource: 'plan' });
  if (options.held) {
    const held = await db.selectFrom('subscriptions').select('id').where('organization_id', '=', organizationId).where('plan_id', '=', planId).executeTakeFirst();
    if (!held) throw new DomainError('NOT_FOUND', { resource: 'plan of this organization' });
  }
  return { organization, plan: subscriptionPlanOf(plan) };
}

export async function seatRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = app.ctx.database.db;

  app.get('/v1/organizations/:organizationId/seats', {
    schema: { tags: ['seats'], summary: 'Seats per plan: total, assigned, available', params: OrganizationParams, response: { 200: Type.Object({ data: Type.Array(SeatSummarySchema) }) } },
    config: { access: access.organization(READERS, { vendorRoles: ['vendor_admin', 'support_agent'] }) },
  }, async (request) => {
    const planIds = await db.selectFrom('subscriptions').select('plan_id').distinct().where('organization_id', '=', request.params.organizationId).orderBy('plan_id').execute();
    const data = [];
    for (const { plan_id } of planIds) {
      const { organization, plan } = await organizationAndPlan(db, request.params.organizationId, plan_id, { held: true });
      const summary = await db.transaction().execute((tx) => seatSummary(tx, organization, plan, request.now));
      data.push({ ...summary, available: Math.max(0, summary.total - summary.assigned) });
    }
    return { data };
  });

  app.get('/v1/organizations/:organizationId/seats/:planId/assignments', {
    schema: {
      tags: ['seats'],
      summary: "Who holds the plan's seats, oldest assignment first, a page at a time",
      params: PlanParams,
      querystring: AssignmentsQuery,
      response: { 200: Page(AssignmentSchema) },
    },
    config: { access: access.organization(READERS, { vendorRoles: ['vendor_admin', 'support_agent'] }) },
  }, async (request) => {
    // A plan the organization does not hold simply has no assignments.
    const { organization, plan } = await organizationAndPlan(db, request.params.organizationId, request.params.planId, { held: false });
    const page = pageRequest(request.query);
    const userIds = request.query.userIds?.split(',').filter((id) => id !== '');
    if (userIds && userIds.length > MAX_USER_IDS) throw new DomainError('VALIDATION_FAILED', { summary: `userIds names more than ${MAX_USER_IDS} users` });
    const rows = await db.transaction().execute(async (tx) => {
      const summary = await seatSummary(tx, organization, plan, request.now);
      return listAssignments(tx, {
        organizationId: organization.id,
        planId: plan.id,
        totalSeats: summary.total,
        assigned: summary.assigned,
        after: page.after === undefined ? undefined : fromCursor(page.after),
        limit: page.limit + 1,
        userIds,
      });
    });
    const result = toPage(rows, page, (row) => `${row.assigned_at} ${row.user_id}`);
    return { data: result.data.map((row) => ({ userId: row.user_id, assignedAt: row.assigned_at, licensed: row.licensed })), nextCursor: result.nextCursor };
  });

  app.post('/v1/organizations/:organizationId/seats/:planId/assignments', {
    schema: {
      tags: ['seats'],
      summary: 'Assign a seat of the plan to a member',
      params: PlanParams,
      body: StrictObject({ userId: Type.String({ maxLength: 64 }) }),
      response: { 201: AssignmentSchema, 200: AssignmentSchema },
    },
    config: { access: access.organization(ASSIGNERS) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { organization, plan } = await organizationAndPlan(tx, request.params.organizationId, request.params.planId, { held: true });
      const member = await tx.selectFrom('memberships').select('user_id').where('organization_id', '=', organization.id).where('user_id', '=', request.body.userId).executeTakeFirst();
      if (!member) throw new DomainError('NOT_FOUND', { resource: 'member' });
      const { alreadyAssigned, totalSeats } = await assignSeat(tx, auditContextOf(request), { organization, plan, userId: request.body.userId });
      const row = await tx.selectFrom('seat_assignments').select('assigned_at').where('organization_id', '=', organization.id).where('plan_id', '=', plan.id).where('user_id', '=', request.body.userId).executeTakeFirstOrThrow();
      // A new assignment took a free seat; one held already may be beyond seats that shrank since.
      const licensed = !alreadyAssigned || (await seatStanding(tx, { organizationId: organization.id, planId: plan.id, userId: request.body.userId, totalSeats })) === 'licensed';
      return { status: alreadyAssigned ? 200 : 201, body: { userId: request.body.userId, assignedAt: row.assigned_at, licensed } };
    }),
  );

  app.delete('/v1/organizations/:organizationId/seats/:planId/assignments/:userId', {
    schema: { tags: ['seats'], summary: 'Take a seat back (idempotent: a seat the user does not hold is already back)', params: AssignmentParams, response: { 204: Type.Null() } },
    config: { access: access.organization(ASSIGNERS) },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { organization } = await organizationAndPlan(tx, request.params.organizationId, request.params.planId, { held: true });
      await unassignSeat(tx, auditContextOf(request), { organization, planId: request.params.planId, userId: request.params.userId });
      return { status: 204, body: null };
    }),
  );
}
