// Simulations for vendor staff: a frozen clock, sandbox organizations on it, advancing it day by
// day (the sweeper runs for the sandboxes at each step), and the timeline of what happened.
// Vendor administrators run them; support agents may look. How requests reach a sandbox at its
// simulated time: request-clock.ts.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Temporal } from 'temporal-polyfill';
import { Type, type Static } from 'typebox';
import { access } from '../../auth/access.ts';
import { runMutation } from '../../http/mutation.ts';
import { pageRequest, toPage } from '../../http/pagination.ts';
import { Instant, OneOf, Page, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { auditContextOf } from '../audit/audit-log.ts';
import { CountryCode, OrganizationName, OrganizationSchema, SEGMENTS } from '../organizations/schemas.ts';
import { toOrganization } from '../organizations/service.ts';
import { addSandboxOrganization, advanceSimulation, createSimulation, MAX_ADVANCE_DAYS, recordAdvance, requireSimulation } from './service.ts';
import { listSimulations, sandboxOrganizationIds, timelineEvents, type SimulationRow, type TimelineCursor } from './store.ts';

const READERS = access.vendor('vendor_admin', 'support_agent');
const WRITERS = access.vendor('vendor_admin');
const tags = ['simulations'];

const SimulationSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  startsAt: Instant,
  now: { ...Instant, description: "The simulation's frozen instant: its sandbox organizations' requests and sweeps run at it" },
  organizationIds: Type.Array(Type.String(), { description: 'Its sandbox organizations' }),
  createdAt: Instant,
});
const SimulationParams = StrictObject({ simulationId: Type.String({ maxLength: 64 }) });
const SweepsSchema = Type.Object({
  examined: Type.Integer(),
  transitions: Type.Integer(),
  autoRenewals: Type.Integer(),
  reactivations: Type.Integer(),
  reminders: Type.Integer(),
  deletionNotices: Type.Integer(),
  deprovisioned: Type.Integer(),
  batches: Type.Integer(),
});
const TimelineEntry = Type.Object({
  occurredAt: { ...Instant, description: 'Simulated time' },
  organizationId: Type.String(),
  type: Type.String({ description: 'The outbox event type, e.g. subscription.expired' }),
  subscriptionId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown(), { description: "The event's payload" }),
});

function toSimulation(row: SimulationRow, organizationIds: string[]): Static<typeof SimulationSchema> {
  return { id: row.id, name: row.name, startsAt: row.starts_at, now: row.current_at, organizationIds, createdAt: row.created_at };
}

const encodeCursor = (c: TimelineCursor) => Buffer.from(JSON.stringify([c.occurredAt, c.id]), 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): TimelineCursor | undefined {
  if (!cursor) return undefined;
  try {
    const [occurredAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof occurredAt === 'string' && typeof id === 'string') return { occurredAt, id };
  } catch {
    // An unreadable cursor starts from the beginning, as a missing one does.
  }
  return undefined;
}

export async function simulationRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { database } = app.ctx;
  const db = database.db;

  app.get('/v1/simulations', {
    schema: { tags, summary: 'List simulations, newest first', querystring: PaginationQuery, response: { 200: Page(SimulationSchema) } },
    config: { access: READERS },
  }, async (request) => {
    const page = pageRequest(request.query);
    const result = toPage(await listSimulations(db, page), page, (row) => row.id);
    const data = [];
    for (const row of result.data) data.push(toSimulation(row, await sandboxOrganizationIds(db, row.id)));
    return { data, nextCursor: result.nextCursor };
  });

  app.post('/v1/simulations', {
    schema: {
      tags,
      summary: 'Create a simulation with its own frozen clock, starting at startsAt',
      body: StrictObject({
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, examples: ['Renewal road, Tokyo'] })),
        startsAt: Type.String({ format: 'date-time', examples: ['2027-01-10T01:00:00Z'] }),
      }),
      response: { 201: SimulationSchema },
    },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const row = await createSimulation(tx, auditContextOf(request), { name: request.body.name, startsAt: Temporal.Instant.from(request.body.startsAt) });
      return { status: 201, body: toSimulation(row, []) };
    }),
  );

  app.get('/v1/simulations/:simulationId', {
    schema: { tags, summary: 'A simulation: its clock and its sandbox organizations', params: SimulationParams, response: { 200: SimulationSchema } },
    config: { access: READERS },
  }, async (request) => {
    const row = await requireSimulation(db, request.params.simulationId);
    return toSimulation(row, await sandboxOrganizationIds(db, row.id));
  });

  app.post('/v1/simulations/:simulationId/organizations', {
    schema: {
      tags,
      summary: 'Create a sandbox customer organization on the simulation\'s clock; you become its global admin',
      params: SimulationParams,
      body: StrictObject({
        name: OrganizationName,
        country: CountryCode,
        segment: Type.Optional(OneOf(SEGMENTS)),
        timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'IANA time zone; default: the country\'s' })),
      }),
      response: { 201: Type.Object({ ...OrganizationSchema.properties, simulationId: Type.String() }) },
    },
    config: { access: WRITERS },
  }, async (request, reply) =>
    runMutation(request, reply, async (tx) => {
      const simulation = await requireSimulation(tx, request.params.simulationId);
      const organization = await addSandboxOrganization({ tx, dialect: database.dialect, audit: auditContextOf(request) }, simulation, request.body);
      return { status: 201, body: { ...toOrganization(organization), simulationId: simulation.id } };
    }),
  );

  app.post('/v1/simulations/:simulationId/advance', {
    schema: {
      tags,
      summary: `Advance the clock by whole days (at most ${MAX_ADVANCE_DAYS}), running the sweeper for the sandbox organizations after each day`,
      params: SimulationParams,
      body: StrictObject({ days: Type.Integer({ minimum: 1, maximum: MAX_ADVANCE_DAYS, examples: [1] }) }),
      response: {
        200: Type.Object({ simulation: SimulationSchema, from: Instant, to: Instant, days: Type.Integer(), sweeps: SweepsSchema }),
      },
    },
    config: { access: WRITERS },
  }, async (request, reply) => {
    // The days commit one by one (service.ts); the response and its audit row commit last.
    const advance = await advanceSimulation(database, request.params.simulationId, request.body.days, request.now);
    return runMutation(request, reply, async (tx) => {
      await recordAdvance(tx, auditContextOf(request), request.params.simulationId, advance);
      const row = await requireSimulation(tx, request.params.simulationId);
      return { status: 200, body: { simulation: toSimulation(row, await sandboxOrganizationIds(tx, row.id)), ...advance } };
    });
  });

  app.get('/v1/simulations/:simulationId/timeline', {
    schema: {
      tags,
      summary: 'What happened in the sandbox organizations, in simulated time: purchases, renewals, reminders, transitions, refunds',
      params: SimulationParams,
      querystring: PaginationQuery,
      response: { 200: Page(TimelineEntry) },
    },
    config: { access: READERS },
  }, async (request) => {
    const simulation = await requireSimulation(db, request.params.simulationId);
    const limit = request.query.limit ?? 50;
    const rows = await timelineEvents(db, simulation.id, { limit, after: decodeCursor(request.query.cursor) });
    const page = rows.slice(0, limit);
    const data = page.map((row) => {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const subscriptionId = typeof payload.subscriptionId === 'string' ? payload.subscriptionId : null;
      return { occurredAt: row.occurred_at, organizationId: row.organization_id, type: row.type, subscriptionId, data: payload };
    });
    const last = page.at(-1);
    return { data, nextCursor: rows.length > limit && last ? encodeCursor({ occurredAt: last.occurred_at, id: last.id }) : null };
  });
}
