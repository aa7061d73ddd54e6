// Benchmark: what one seat assignment costs in a subscription of 10,000,000 seats that already
// holds many assignments, against one of 10 seats, measured in the same run (SPEC §11: the limit
// check is a counter, so neither the seat total nor the assignments held may be scanned).
//
// Two organizations, each with a subscription of its own plan: a small one (10 seats) and a
// large one (10,000,000 seats) whose members and assignments are seeded with set-based INSERTs
// (BENCH_SEATS_HELD users, each a member holding a seat, the seat counter consistent with
// them). Every operation goes over real HTTP to a listening server (in this process) with an
// API token of each organization, one request at a time, so what is timed is a request's
// latency, the whole route included: authentication, the organization and plan, the member
// check, the counter's conditional UPDATE, the assignment row, the audit event. Each step
// assigns a seat to a free member and takes it back, first in one organization then in the
// other (the order swapped every step), so noise from the shared machine hits both alike;
// the small subscription never goes over its 10 seats. The seat summary (GET …/seats) is
// timed the same way. Latencies are medians per round, then the median of the rounds; the
// ratio is taken per step (both requests back to back), then medians the same way.
//
//   npm run bench:seats                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:seats   and PostgreSQL (a temporary schema)
//   BENCH_SEATS_HELD=1000000 BENCH_ROUNDS=7 BENCH_STEPS=150   assignments seeded, rounds, steps per round
import { availableParallelism, cpus } from 'node:os';
import { sql } from 'kysely';
import { systemClock, toStoredInstant } from '../packages/server/src/clock.ts';
import type { Database } from '../packages/server/src/db/connect.ts';
import { inTransaction } from '../packages/server/src/db/transaction.ts';
import { getPlan } from '../packages/server/src/modules/catalog/plans.ts';
import { getOrganization } from '../packages/server/src/modules/organizations/store.ts';
import { createSubscription } from '../packages/server/src/modules/subscriptions/service.ts';
import { subscriptionPlanOf } from '../packages/server/src/modules/subscriptions/plan.ts';
import { seatStanding } from '../packages/server/src/modules/seats/service.ts';
import { createTestPlan } from '../packages/server/test/support/catalog-fixtures.ts';
import { createOrg, createToken } from '../packages/server/test/support/fixtures.ts';
import { onEachBenchDatabase } from './support/databases.ts';
import { listenInProcess } from './support/in-process-server.ts';
import { atMost, formatNumber, publish, QUICK, table } from './support/report.ts';

const SMALL_SEATS = 10;
const LARGE_SEATS = 10_000_000;
const HELD = Number(process.env.BENCH_SEATS_HELD ?? (QUICK ? 2_000 : 1_000_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 7));
const STEPS = Number(process.env.BENCH_STEPS ?? (QUICK ? 20 : 150));
/** Members without a seat in each organization: the ones the steps assign and take back. */
const FREE_MEMBERS = 50;
const MAX_RATIO = 1.25;

type Operation = 'assign' | 'unassign' | 'summary';
const OPERATIONS: Operation[] = ['assign', 'unassign', 'summary'];
const LABELS: Record<Operation, string> = {
  assign: 'assign a seat (POST …/seats/{plan}/assignments)',
  unassign: 'take it back (DELETE …/assignments/{user})',
  summary: 'seat summary (GET …/seats)',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Users `prefix_1 … prefix_count`, members of the organization, the first `assigned` of them
 * holding a seat of the plan; the counter says so. One statement per table over a generated
 * series, so a million rows take seconds and not a million round trips.
 */
async function seedMembers(database: Database, input: { organizationId: string; planId: string; prefix: string; count: number; assigned: number }) {
  const { db, dialect } = database;
  const { organizationId, planId, prefix, count, assigned } = input;
  const now = toStoredInstant(systemClock.now());
  const series = (limit: number) =>
    dialect === 'postgres'
      ? sql`select i from generate_series(1, ${sql.lit(limit)}) as s(i)`
      : sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${sql.lit(limit)}) select i from s`;
  // Concatenating a number onto text works alike in both: || casts it.
  const id = sql`${sql.lit(prefix)} || '_' || i`;
  // One millisecond apart on 2026-01-01 (room for 86,400,000), in the order of i: distinct instants, as real
  // assignments have, all before the ones the benchmark makes.
  const assignedAt =
    dialect === 'postgres'
      ? sql`'2026-01-01T' || lpad((i / 3600000)::text, 2, '0') || ':' || lpad(((i / 60000) % 60)::text, 2, '0') || ':' || lpad(((i / 1000) % 60)::text, 2, '0') || '.' || lpad((i % 1000)::text, 3, '0') || 'Z'`
      : sql`printf('2026-01-01T%02d:%02d:%02d.%03dZ', i / 3600000, (i / 60000) % 60, (i / 1000) % 60, i % 1000)`;
  await inTransaction(db, async (tx) => {
    await sql`insert into users (id, email, name, password_hash, locale, created_at, updated_at)
      select ${id}, ${id} || '@bench.example', 'Bench user ' || i, null, 'en', ${now}, ${now} from (${series(count)}) as n`.execute(tx);
    await sql`insert into memberships (organization_id, user_id, role, created_at)
      select ${organizationId}, ${id}, 'member', ${now} from (${series(count)}) as n`.execute(tx);
    if (assigned > 0) {
      await sql`insert into seat_assignments (organization_id, plan_id, user_id, assigned_at, assigned_by)
        select ${organizationId}, ${planId}, ${id}, ${assignedAt}, null from (${series(assigned)}) as n`.execute(tx);
    }
    await tx.insertInto('seat_counters').values({ organization_id: organizationId, plan_id: planId, assigned }).execute();
  });
}

interface Side {
  label: 'small' | 'large';
  organizationId: string;
  planId: string;
  headers: Record<string, string>;
  freeUsers: string[];
  times: Record<Operation, number[]>;
}

async function measure(label: string, database: Database, dataDir: string) {
  const { url, fixture, close } = await listenInProcess(database, dataDir);
  try {
    const db = database.db;
    const sides: Side[] = [];
    let seedSeconds = 0;
    for (const [sideLabel, seats, held] of [['small', SMALL_SEATS, 0], ['large', LARGE_SEATS, HELD]] as const) {
      const org = await createOrg(fixture, { name: `Bench ${sideLabel} KK` });
      const { planId } = await createTestPlan(fixture, { termMonths: 12 });
      const organization = (await getOrganization(db, org.id))!;
      const plan = subscriptionPlanOf((await getPlan(db, planId))!);
      await inTransaction(db, (tx) =>
        createSubscription(tx, { principal: { kind: 'anonymous' }, now: systemClock.now() }, { organization, plan, seats, trial: false }, { source: 'key', amountMinor: 0 }),
      );
      const prefix = `usr_bench_${sideLabel}`;
      const started = performance.now();
      await seedMembers(database, { organizationId: org.id, planId, prefix, count: held + FREE_MEMBERS, assigned: held });
      seedSeconds += (performance.now() - started) / 1000;
      const token = await createToken(fixture, org.id, ['global_admin']);
      const freeUsers = Array.from({ length: FREE_MEMBERS }, (_, i) => `${prefix}_${held + 1 + i}`);
      sides.push({ label: sideLabel, organizationId: org.id, planId, headers: token.headers, freeUsers, times: { assign: [], unassign: [], summary: [] } });
    }
    // As autovacuum would after a bulk load: PostgreSQL plans with the tables' real sizes.
    // (SQLite is left as the server leaves it: no ANALYZE is ever run there.)
    if (database.dialect === 'postgres') await sql`analyze`.execute(db);

    const timedRequest = async (side: Side, operation: Operation, init: { method: string; path: string; body?: unknown }, expected: number) => {
      const started = performance.now();
      const response = await fetch(`${url}/v1/organizations/${side.organizationId}${init.path}`, {
        method: init.method,
        headers: init.body === undefined ? side.headers : { ...side.headers, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      const elapsed = performance.now() - started;
      if (response.status !== expected) throw new Error(`${side.label} ${operation}: ${response.status} ${text}`);
      return elapsed;
    };
    const step = async (side: Side, n: number, record: boolean) => {
      const userId = side.freeUsers[n % side.freeUsers.length]!;
      const assign = await timedRequest(side, 'assign', { method: 'POST', path: `/seats/${side.planId}/assignments`, body: { userId } }, 201);
      const unassign = await timedRequest(side, 'unassign', { method: 'DELETE', path: `/seats/${side.planId}/assignments/${userId}` }, 204);
      const summary = await timedRequest(side, 'summary', { method: 'GET', path: '/seats' }, 200);
      if (record) {
        side.times.assign.push(assign);
        side.times.unassign.push(unassign);
        side.times.summary.push(summary);
      }
    };
    // Warm-up: compiled code paths and cached pages for both before anything counts.
    for (let n = 0; n < 20; n++) for (const side of sides) await step(side, n, false);

    const perRound: Record<Side['label'], Record<Operation, number[]>> = { small: { assign: [], unassign: [], summary: [] }, large: { assign: [], unassign: [], summary: [] } };
    // The ratio is taken step by step (the two organizations' requests of a step run back to
    // back), so a burst of load from elsewhere on the machine skews one step, not the figure.
    const ratioPerRound: Record<Operation, number[]> = { assign: [], unassign: [], summary: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of sides) side.times = { assign: [], unassign: [], summary: [] };
      for (let n = 0; n < STEPS; n++) {
        const order = n % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) await step(side, n, true);
      }
      for (const side of sides) for (const operation of OPERATIONS) perRound[side.label][operation].push(median(side.times[operation]));
      const [small, large] = sides as [Side, Side];
      for (const operation of OPERATIONS) ratioPerRound[operation].push(median(large.times[operation].map((ms, n) => ms / small.times[operation][n]!)));
    }
    // The counters still agree with the rows: the benchmark itself did not drift them.
    for (const [side, held] of [[sides[0]!, 0], [sides[1]!, HELD]] as const) {
      const counter = await db.selectFrom('seat_counters').select('assigned').where('organization_id', '=', side.organizationId).where('plan_id', '=', side.planId).executeTakeFirstOrThrow();
      if (Number(counter.assigned) !== held) throw new Error(`${side.label}: counter ${counter.assigned}, expected ${held}`);
    }
    // The list of who holds the seats, a page of 200 at a time: the first page of each side, and
    // the large side's last page (its cursor made as the API makes it: the assignment before the
    // page, base64url). Timed once each (median of 7), for the record, not against a target.
    const LIST_PAGE = 200;
    const pageOf = async (side: Side, cursor?: string) => {
      const response = await fetch(`${url}/v1/organizations/${side.organizationId}/seats/${side.planId}/assignments?limit=${LIST_PAGE}${cursor ? `&cursor=${cursor}` : ''}`, { headers: side.headers });
      const body = (await response.json()) as { data: unknown[] };
      if (response.status !== 200) throw new Error(`${side.label} listing: ${response.status}`);
      return body.data.length;
    };
    const beforeLastPage = await db.selectFrom('seat_assignments').select(['assigned_at', 'user_id']).where('organization_id', '=', sides[1]!.organizationId).where('plan_id', '=', sides[1]!.planId)
      .orderBy('assigned_at', 'desc').orderBy('user_id', 'desc').offset(LIST_PAGE).limit(1).executeTakeFirst();
    const lastPageCursor = beforeLastPage ? Buffer.from(`${beforeLastPage.assigned_at} ${beforeLastPage.user_id}`).toString('base64url') : undefined;
    const listing = [];
    for (const [side, cursor, which] of [[sides[0]!, undefined, 'small, first page'], [sides[1]!, undefined, 'large, first page'], [sides[1]!, lastPageCursor, 'large, last page']] as const) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        rows = await pageOf(side, cursor);
        times.push(performance.now() - started);
      }
      listing.push({ which, ms: median(times), rows });
    }
    // "Is this seat licensed?", as a validation of a seat license asks it, for the most recently
    // assigned of the large organization's seeded users: the count of earlier assignments that
    // devices/standing.ts once made, against seatStanding (seats/service.ts), which it calls now,
    // with the seats covering every assignment and with seats shrunk 1,000 below them.
    const large = sides[1]!;
    const latest = await db.selectFrom('seat_assignments').select(['user_id', 'assigned_at']).where('organization_id', '=', large.organizationId).where('plan_id', '=', large.planId)
      .orderBy('assigned_at', 'desc').orderBy('user_id', 'desc').limit(1).executeTakeFirstOrThrow();
    const medianOf = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 7; i++) {
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const standing = (totalSeats: number) => seatStanding(db, { organizationId: large.organizationId, planId: large.planId, userId: latest.user_id, totalSeats });
    const shrunk = Math.max(0, HELD - 1000);
    if ((await standing(LARGE_SEATS)) !== 'licensed' || (await standing(shrunk)) !== 'unlicensed') throw new Error('seatStanding of the latest assignment is wrong');
    const licensing = {
      count: await medianOf(() =>
        db.selectFrom('seat_assignments').select((eb) => eb.fn.countAll().as('count')).where('organization_id', '=', large.organizationId).where('plan_id', '=', large.planId)
          .where((eb) => eb.or([eb('assigned_at', '<', latest.assigned_at), eb.and([eb('assigned_at', '=', latest.assigned_at), eb('user_id', '<', latest.user_id)])]))
          .executeTakeFirstOrThrow(),
      ),
      standing: await medianOf(() => standing(LARGE_SEATS)),
      shrunk: await medianOf(() => standing(shrunk)),
    };
    const result = OPERATIONS.map((operation) => {
      const small = median(perRound.small[operation]);
      const large = median(perRound.large[operation]);
      return { operation, small, large, ratio: median(ratioPerRound[operation]) };
    });
    return { label, seedSeconds, result, listing, licensing };
  } finally {
    await close();
  }
}

const results = await onEachBenchDatabase(measure);

const body = [
  `Per-request latency of seat operations over HTTP (a listening server in the benchmark's process, an API token per organization, one request at a time) in a subscription of ${LARGE_SEATS.toLocaleString('en')} seats whose organization already has ${HELD.toLocaleString('en')} members holding a seat, against one of ${SMALL_SEATS} seats with none held, measured alternately in the same run. ` +
    `Each step assigns a seat to a free member, takes it back and reads the seat summary; ${STEPS} steps per round, ${ROUNDS} rounds; each latency is the median of the rounds' medians (ms). ` +
    `The ratio is large ÷ small taken step by step (the two requests of a step run back to back), its median per round, then the median of the rounds: 1 means the cost does not depend on the seats or the assignments held (no scan).`,
  '',
  `${availableParallelism()} cores (${cpus()[0]?.model}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${QUICK ? ', quick run' : ''}.`,
  '',
  table(
    ['database', 'operation', `${SMALL_SEATS} seats (ms)`, `${LARGE_SEATS.toLocaleString('en')} seats, ${HELD.toLocaleString('en')} held (ms)`, 'ratio'],
    results.flatMap((r) => r.result.map((x) => [r.label, LABELS[x.operation], x.small, x.large, x.ratio])),
  ),
  '',
  `The list of assignments (GET …/seats/{plan}/assignments?limit=200), one page per request, median of 7: ${results
    .map((r) => `${r.label} ${r.listing.map((l) => `${l.which} ${formatNumber(l.ms)} ms (${l.rows} rows)`).join(', ')}`)
    .join('; ')}.`,
  '',
  `Is the most recently assigned seat of the ${HELD.toLocaleString('en')} licensed (what a validation of a seat license asks; one call, median of 7, ms):`,
  '',
  table(
    ['database', `count of the earlier assignments (what seatStanding avoids)`, 'seatStanding, seats cover the assignments', `seatStanding, seats shrunk 1,000 below them`],
    results.map((r) => [r.label, r.licensing.count, r.licensing.standing, r.licensing.shrunk]),
  ),
  '',
  `Seeding ${HELD.toLocaleString('en')} users, memberships and assignments (set-based INSERTs): ${results.map((r) => `${r.label} ${r.seedSeconds.toFixed(1)} s`).join(', ')}.`,
].join('\n');

publish({
  title: 'Seat assignment: 10,000,000 seats cost what 10 cost',
  command: 'BENCH_DATABASE_URL=postgres://… npm run bench:seats',
  body,
  targets: results.flatMap((r) =>
    r.result.map((x) => atMost(`${x.operation === 'summary' ? 'seat summary read' : `seat ${x.operation}`}: ${LARGE_SEATS.toLocaleString('en')} seats ÷ ${SMALL_SEATS} seats`, r.label.split(' ')[0] === 'SQLite' ? 'SQLite' : 'PostgreSQL', x.ratio, MAX_RATIO)),
  ),
});
