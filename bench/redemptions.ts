// Benchmark: redemption completions per second over real HTTP (a listening server, C concurrent
// clients), each completing a cart of one key into an existing organization: the key consumed,
// a subscription created, audit rows and an outbox event written, the idempotent response
// stored. Beside it, measured in the same run as the baseline: the raw conditional update that
// consumes a key (UPDATE … WHERE state = 'unused' RETURNING), one transaction each, at the same
// concurrency, with no HTTP and nothing else. Their ratio is what a redemption costs beyond the
// database's own single-row work.
//
//   npm run bench:redemptions                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:redemptions   and PostgreSQL (a temporary schema)
//   BENCH_REDEMPTIONS=2000 BENCH_CONCURRENCY=16                 completions per run, clients
//   BENCH_QUICK=1                                               30 completions (`npm run bench -- --quick`)
import { systemClock } from '../packages/server/src/clock.ts';
import type { Database } from '../packages/server/src/db/connect.ts';
import { inTransaction } from '../packages/server/src/db/transaction.ts';
import { createCart } from '../packages/server/src/modules/redemption/carts.ts';
import { reviewToken } from '../packages/server/src/modules/redemption/execute.ts';
import { findKeysByIds } from '../packages/server/src/modules/redemption/store.ts';
import { createActor, createOrg } from '../packages/server/test/support/fixtures.ts';
import { createTestPlan } from '../packages/server/test/support/catalog-fixtures.ts';
import { createTestKeys } from '../packages/server/test/support/key-fixtures.ts';
import { onEachBenchDatabase } from './support/databases.ts';
import { listenInProcess } from './support/in-process-server.ts';
import { atLeast, commandFor, databaseName, publish, QUICK, table } from './support/report.ts';

const N = Number(process.env.BENCH_REDEMPTIONS ?? (QUICK ? 30 : 2000));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
// The baseline is cheap: at least 2,000 updates even in a quick run, or it is over in a few
// milliseconds and its rate is noise.
const BASELINE_N = Math.max(N, 2000);

/** Runs `task(i)` for i in 0..n-1 with `concurrency` in flight; returns the elapsed seconds. */
async function timed(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
  return (performance.now() - start) / 1000;
}

async function measure(label: string, database: Database, dataDir: string) {
  const { url, fixture, close } = await listenInProcess(database, dataDir);
  try {
    const org = await createOrg(fixture, { name: 'Bench KK' });
    const admin = await createActor(fixture, org.id, ['global_admin']);
    const { planId } = await createTestPlan(fixture);
    const db = database.db;
    const { keys } = await createTestKeys(fixture, planId, { quantity: N, seats: 1 });
    const target = { organizationId: org.id };
    const carts = await inTransaction(db, async (tx) => {
      const made: { cartId: string; token: string }[] = [];
      for (const key of keys) {
        const cart = await createCart(tx, admin.userId, systemClock.now());
        await tx.insertInto('redemption_cart_items').values({ cart_id: cart.id, product_key_id: key.id, added_at: cart.created_at }).execute();
        made.push({ cartId: cart.id, token: reviewToken(cart.id, await findKeysByIds(tx, [key.id]), target) });
      }
      return made;
    });
    let failures = 0;
    const redemptionSeconds = await timed(N, CONCURRENCY, async (i) => {
      const { cartId, token } = carts[i]!;
      const response = await fetch(`${url}/v1/redemption-carts/${cartId}/complete`, {
        method: 'POST',
        headers: { ...admin.writeHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ target, reviewToken: token, confirm: true }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) failures++;
    });
    const baselineKeys = (await createTestKeys(fixture, planId, { quantity: BASELINE_N, seats: 1 })).keys;
    const baselineSeconds = await timed(BASELINE_N, CONCURRENCY, async (i) => {
      await inTransaction(db, (tx) =>
        tx.updateTable('product_keys').set({ state: 'redeemed' }).where('id', '=', baselineKeys[i]!.id).where('state', '=', 'unused').returning('id').executeTakeFirstOrThrow(),
      );
    });
    const redemptionsPerSecond = N / redemptionSeconds;
    const baselinePerSecond = BASELINE_N / baselineSeconds;
    return { label, redemptionsPerSecond, baselinePerSecond, ratio: redemptionsPerSecond / baselinePerSecond, failures };
  } finally {
    await close();
  }
}

const results = await onEachBenchDatabase(measure);
const TARGET = 'redemption completions ÷ raw conditional UPDATE … RETURNING (per second)';
const body = `Completions over real HTTP: a listening server (\`createServer\` + \`listen\`, logs at \`warn\`), ${CONCURRENCY}
concurrent clients (\`fetch\`), ${N.toLocaleString('en')} completions per database, each completing its own cart of one key into
an existing organization: the key consumed, a subscription created with its change row, audit rows,
an outbox event and the cart closed, in one transaction. The **baseline**, measured in the same
run on the same database at the same concurrency, is the raw conditional update that consumes a
key (\`UPDATE product_keys SET state = 'redeemed' WHERE id = ? AND state = 'unused' RETURNING id\`),
one transaction each, with no HTTP and nothing else; ${BASELINE_N.toLocaleString('en')} of them. (\`BENCH_REDEMPTIONS\` and
\`BENCH_CONCURRENCY\` change the count and the clients.)

${table(
  ['database', 'completions/s (HTTP)', 'baseline: conditional UPDATE/s', 'ratio', 'failed'],
  results.map((r) => [r.label, Math.round(r.redemptionsPerSecond), Math.round(r.baselinePerSecond), r.ratio, r.failures]),
)}`;
publish({
  title: 'Redemptions per second',
  command: commandFor('redemptions'),
  body,
  targets: results.map((r) => {
    const target = atLeast(TARGET, databaseName(r.label), r.ratio, 0.1);
    // A completion that failed did not do the work the rate counts.
    return r.failures > 0 ? { ...target, met: false, note: `${r.failures} failed` } : target;
  }),
});
