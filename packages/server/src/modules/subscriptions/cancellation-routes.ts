// Cancelling a change with a refund (SPEC §4): a preview of the refund and of what happens, then
// the cancellation with an explicit confirmation; and seat reductions, which are only ever the
// cancellation of a seat addition inside its window.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Temporal } from 'temporal-polyfill';
import { nextTransition, type LifecyclePolicy } from '@licentia/core/lifecycle';
import type { DialectName } from '../../db/connect.ts';
import type { Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { runMutation } from '../../http/mutation.ts';
import { OneOf, StrictObject } from '../../http/schemas.ts';
import { auditContextOf, type AuditContext } from '../audit/audit-log.ts';
import { recordCancellationRefunds } from '../billing/refunds.ts';
import type { OrganizationRow } from '../organizations/store.ts';
import { applyCancellation, cancellationRefusal, planCancellation, type CancellationPlan } from './cancellation.ts';
import { manageAccess } from './permissions.ts';
import { ChangeParams, CHANGE_KINDS, CivilDate, Confirm, MoneySchema, Seats, SubscriptionParams, SubscriptionSchema } from './schemas.ts';
import { changesOf, lockSubscription, planDetails, requireOrganization } from './store.ts';
import { plainDate } from './service.ts';
import { loadView, money } from './view.ts';

const CancellationSchema = Type.Object({
  changeId: Type.String(),
  kind: OneOf(CHANGE_KINDS),
  cancelDay: CivilDate,
  refund: MoneySchema,
  changes: Type.Array(
    Type.Object({
      changeId: Type.String(),
      kind: OneOf(CHANGE_KINDS),
      seats: Type.Integer(),
      paid: MoneySchema,
      used: MoneySchema,
      refund: MoneySchema,
      usedDays: Type.Integer({ description: 'The day of cancellation counts as used' }),
      termDays: Type.Integer(),
    }),
    { description: 'The change asked for, then the later changes that go with it (renewals and seat additions built on it)' },
  ),
  effect: Type.Object({
    usersLoseAccessNow: Type.Boolean({ description: 'The subscription is cancelled: apps stop working at once; administrators keep the data' }),
    seatsRemoved: Type.Integer(),
    seats: Type.Integer({ description: 'Seats afterwards (assignments beyond them stay, unlicensed)' }),
    endDate: CivilDate,
    state: Type.String(),
    dataDeletedOn: Type.Union([CivilDate, Type.Null()], { description: 'When the data will be deleted (cancelled: after 90 days); null if it is not' }),
  }),
});
type CancellationView = Static<typeof CancellationSchema>;
const CancelledSchema = Type.Object({ cancellation: CancellationSchema, subscription: SubscriptionSchema });

function toCancellationView(plan: CancellationPlan, policy: LifecyclePolicy): CancellationView {
  const { after } = plan;
  const next = nextTransition({ endDate: plainDate(after.end_date), cancelledOn: after.cancelled_on ? plainDate(after.cancelled_on) : undefined, policy, today: plan.cancelDay });
  return {
    changeId: plan.change.id,
    kind: plan.change.kind as CancellationView['kind'],
    cancelDay: plan.cancelDay.toString(),
    refund: money(plan.refundMinor, plan.currency),
    changes: plan.items.map(({ change, refund }) => ({
      changeId: change.id,
      kind: change.kind as CancellationView['kind'],
      seats: change.seats,
      paid: money(change.amount_minor, change.currency),
      used: money(refund.used, change.currency),
      refund: money(refund.refund, change.currency),
      usedDays: refund.usedDays,
      termDays: refund.termDays,
    })),
    effect: {
      usersLoseAccessNow: plan.subscriptionCancelled,
      seatsRemoved: plan.items.filter((i) => i.change.kind === 'seat_addition').reduce((sum, i) => sum + i.change.seats, 0),
      seats: after.seats,
      endDate: after.end_date,
      state: after.state,
      dataDeletedOn: plan.subscriptionCancelled && next?.state === 'deleted' ? next.on.toString() : null,
    },
  };
}

/** Reads (and, for a cancellation, locks) what planning a cancellation needs. */
async function prepare(tx: Tx, dialect: DialectName, params: { organizationId: string; subscriptionId: string }, now: Temporal.Instant) {
  const organization = await requireOrganization(tx, params.organizationId);
  const subscription = await lockSubscription(tx, dialect, organization.id, params.subscriptionId);
  const plan = await planDetails(tx, subscription.plan_id);
  const changes = await changesOf(tx, organization.id, [subscription.id]);
  const inputFor = (changeId: string) => ({ subscription, changes, changeId, plan: plan.rules, organization, now });
  const planFor = (changeId: string) => planCancellation(inputFor(changeId));
  return { organization, subscription, plan, changes, inputFor, planFor };
}

async function cancel(tx: Tx, audit: AuditContext, organization: OrganizationRow, plan: CancellationPlan, policy: LifecyclePolicy) {
  await applyCancellation(tx, audit, organization, plan);
  // What an order paid for is refunded with its tax, and a return invoice issued (billing).
  await recordCancellationRefunds(tx, audit, organization, plan);
  return { cancellation: toCancellationView(plan, policy), subscription: await loadView(tx, organization, plan.after, audit.now) };
}

export async function cancellationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/changes/:changeId/cancellation-preview', {
    schema: {
      tags: ['subscriptions'],
      summary: 'What cancelling this purchase, renewal or seat addition would refund and do; changes nothing',
      params: ChangeParams,
      response: { 200: CancellationSchema },
    },
    config: { access: manageAccess() },
  }, async (request) => {
    // In a transaction (rolled back by nature: it writes nothing) so that it reads what the
    // cancellation would read.
    return database.db.transaction().execute(async (tx) => {
      const { plan, planFor } = await prepare(tx, database.dialect, request.params, request.now);
      return toCancellationView(planFor(request.params.changeId), plan.rules.policy);
    });
  });

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/changes/:changeId/cancel', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Cancel a purchase, renewal or seat addition within its 168-hour window, with a pro-rata refund',
      params: ChangeParams,
      body: StrictObject({ confirm: Confirm }),
      response: { 200: CancelledSchema },
    },
    config: { access: manageAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { organization, plan, planFor } = await prepare(tx, database.dialect, request.params, request.now);
      return { status: 200, body: await cancel(tx, auditContextOf(request), organization, planFor(request.params.changeId), plan.rules.policy) };
    }),
  );

  app.post('/v1/organizations/:organizationId/subscriptions/:subscriptionId/seat-reductions', {
    schema: {
      tags: ['subscriptions'],
      summary: 'Remove seats: possible only by cancelling a seat addition of exactly that many seats inside its window',
      params: SubscriptionParams,
      body: StrictObject({ seats: Seats, confirm: Confirm }),
      response: { 200: CancelledSchema },
    },
    config: { access: manageAccess() },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const { organization, plan, changes, inputFor, planFor } = await prepare(tx, database.dialect, request.params, request.now);
      const cancellable = changes.filter((c) => c.kind === 'seat_addition' && cancellationRefusal(inputFor(c.id)) === null).reverse();
      const match = cancellable.find((c) => c.seats === request.body.seats);
      if (!match) {
        // SPEC §4: seats are reduced only inside a seat addition's window; name the ones there are.
        throw new DomainError('SEAT_REDUCTION_NOT_ALLOWED', {
          requested: request.body.seats,
          alternative: 'CANCEL_SEAT_ADDITION',
          cancellableSeatAdditions: cancellable.map((c) => ({ changeId: c.id, seats: c.seats, closesAt: c.window_closes_at })),
        });
      }
      return { status: 200, body: await cancel(tx, auditContextOf(request), organization, planFor(match.id), plan.rules.policy) };
    }),
  );
}
