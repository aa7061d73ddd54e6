// Benchmark: the server's memory with a large database (SQLite, as a single-machine install
// runs): 1,000,000 redeemed product keys, subscriptions and activated devices (bench/support/
// seed.ts), then a real `licentia serve` on that file with its workers on, as in production.
// Its resident set (VmRSS of the server process itself, from /proc) is read once listening,
// after a warm-up, and every few seconds through a long mixed load at 50 connections:
// 90 % validations and 8 % check-ins of random devices among the million, 2 % activations of new
// devices on spare keys. Every request must succeed.
//
// Targets: resident memory at most 250 MB throughout the load; flat (the largest sample at most
// 1.1 × the smallest once warm); no errors and no non-2xx answer.
//
//   npm run bench:memory                 1,000,000 rows, 10 minutes of load
//   BENCH_QUICK=1 npm run bench:memory   10,000 rows, 4 seconds
//   BENCH_ROWS=… BENCH_DURATION=… BENCH_CONNECTIONS=…   override either
//   BENCH_SERVER_NODE_OPTIONS='…'        V8 options for the server instead of `npm start`'s heap limits ('' for V8's defaults)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../packages/server/src/clock.ts';
import { openDatabase } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { secretsFromMaster } from '../packages/server/src/security/secrets.ts';
import { atMost, formatNumber, publish, QUICK, table } from './support/report.ts';
import { analyze, createWorld, deviceCredentials, seedRows, seedSpareKeys, SPARE_SEATS } from './support/seed.ts';
import { memoryOf, mixedLoad, startServer, type Memory, type RequestKind } from './support/server.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? (QUICK ? 10_000 : 1_000_000));
const SECONDS = Number(process.env.BENCH_DURATION ?? (QUICK ? 4 : 600));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARM_UP_SECONDS = QUICK ? 2 : 30;
const SAMPLE_SECONDS = QUICK ? 2 : 10;
const LIMIT_MB = 250;
const FLAT = 1.1;
// The server runs as `npm start` runs it: with the V8 heap limits of package.json's start script.
const SERVER_NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS ?? startScriptHeapOptions();

function startScriptHeapOptions(): string {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  return (scripts.start?.match(/--max-[a-z-]+=\d+/g) ?? []).join(' ');
}

const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-memory-'));
const secret = randomBytes(32);
const salt = randomBytes(16).toString('hex');
try {
  // The data, written by this process, which then lets go of the file before the server opens it.
  const database = openDatabase({ sqlitePath: join(dir, 'licentia.db') });
  await migrateToLatest(database);
  const world = await createWorld(database, secretsFromMaster(secret, 'bench'), systemClock.now(), salt);
  let started = performance.now();
  const cpuBefore = process.cpuUsage();
  await seedRows(world, ROWS);
  // Enough device slots that activations never run out: 2 % of the fastest rate seen, with room.
  const spareKeys = await seedSpareKeys(world, 20);
  await analyze(database);
  const seedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // This process does all of the seeding's work (SQLite runs in it): its CPU time is the cost on a quiet machine.
  const seedCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const { rows: sizeRows } = await sql<{ size: number }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`.execute(database.db);
  const databaseMb = Number(sizeRows[0]!.size) / 2 ** 20;
  await database.close();
  console.error(`seeded ${ROWS.toLocaleString('en')} rows of each in ${seedSeconds.toFixed(0)} s, ${seedCpuSeconds.toFixed(0)} s of CPU (${databaseMb.toFixed(0)} MB file)`);

  started = performance.now();
  const server = await startServer({
    LICENTIA_DATA_DIR: dir,
    LICENTIA_SECRET: secret.toString('base64'),
    ...(SERVER_NODE_OPTIONS ? { NODE_OPTIONS: SERVER_NODE_OPTIONS } : {}),
  });
  const startSeconds = (performance.now() - started) / 1000;
  try {
    const atStart = memoryOf(server.pid);
    const nonce = () => randomBytes(16).toString('base64url');
    const device = () => deviceCredentials(world, Math.floor(Math.random() * ROWS));
    let activations = 0;
    const kinds: RequestKind[] = [
      { name: 'validation', path: '/v1/licenses/validate', weight: 90, expected: 200, body: () => JSON.stringify({ ...device(), nonce: nonce() }) },
      { name: 'check-in', path: '/v1/devices/check-in', weight: 8, expected: 200, body: () => JSON.stringify({ ...device(), nonce: nonce() }) },
      {
        name: 'activation',
        path: '/v1/activations',
        weight: 2,
        expected: 201,
        body: () => JSON.stringify({ key: spareKeys[activations++ % spareKeys.length], fingerprint: randomBytes(16).toString('hex'), name: 'New PC' }),
      },
    ];
    const warmUp = await mixedLoad(server.url, kinds, { connections: CONNECTIONS, seconds: WARM_UP_SECONDS });
    const afterWarmUp = memoryOf(server.pid);
    const samples: Array<{ second: number } & Memory> = [];
    const loadStarted = performance.now();
    let lastSample = -Infinity;
    const load = await mixedLoad(server.url, kinds, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      onTick: () => {
        const second = (performance.now() - loadStarted) / 1000;
        if (second - lastSample < SAMPLE_SECONDS - 0.5) return;
        lastSample = second;
        samples.push({ second: Math.round(second), ...memoryOf(server.pid) });
      },
    });
    samples.push({ second: Math.round((performance.now() - loadStarted) / 1000), ...memoryOf(server.pid) });
    if (activations > 20 * SPARE_SEATS) throw new Error('the spare keys ran out of device slots');
    const rss = samples.map((s) => s.rss);
    const highest = Math.max(...rss);
    const lowest = Math.min(...rss);
    const failures = load.errors + load.non2xx + warmUp.errors + warmUp.non2xx;
    const serverErrors = server.stderr().trim();

    // Every sample for a short run; for a long one, one a minute (the extremes are in the summary).
    const shown = samples.length <= 12 ? samples : samples.filter((s, i) => i === samples.length - 1 || Math.floor(s.second / 60) !== Math.floor((samples[i - 1]?.second ?? -60) / 60));
    const body = [
      `SQLite file with ${ROWS.toLocaleString('en')} each of redeemed product keys (with their licenses), subscriptions (with purchase and sweep rows) and activated devices, ` +
        `${formatNumber(ROWS / 10)} organizations (${databaseMb.toFixed(0)} MB; seeded in ${seedSeconds.toFixed(0)} s, ${seedCpuSeconds.toFixed(0)} s of CPU, by bench/support/seed.ts). ` +
        `One \`licentia serve\` on it with its workers on${SERVER_NODE_OPTIONS ? `, with the V8 options \`${SERVER_NODE_OPTIONS}\` (${process.env.BENCH_SERVER_NODE_OPTIONS === undefined ? 'the heap limits of \`npm start\`' : 'from BENCH_SERVER_NODE_OPTIONS'})` : ' (default V8 heap settings)'}; resident memory is the server process's own VmRSS (/proc/<pid>/status). ` +
        `Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s after a ${WARM_UP_SECONDS} s warm-up; each request drawn at random: ` +
        `90 % validations and 8 % check-ins of random devices among all ${ROWS.toLocaleString('en')}, 2 % activations of new devices (spare keys with free slots). ` +
        `The validation and activation limits are raised out of the way (still counted on every request). ` +
        `${availableParallelism()} cores (${cpus()[0]?.model}), shared with the load generator; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
      '',
      table(
        ['moment', 'RSS MB', 'anonymous MB', 'file-backed MB'],
        [
          [`listening (${startSeconds.toFixed(1)} s after start)`, atStart.rss, atStart.anon, atStart.file],
          ['after warm-up', afterWarmUp.rss, afterWarmUp.anon, afterWarmUp.file],
          ...shown.map((s) => [`load, ${s.second} s`, s.rss, s.anon, s.file] as Array<string | number>),
        ],
      ),
      '',
      `Under load (${samples.length} samples every ${SAMPLE_SECONDS} s): lowest ${lowest.toFixed(1)} MB, highest ${highest.toFixed(1)} MB, ` +
        `highest ÷ ${LIMIT_MB} MB = ${(highest / LIMIT_MB).toFixed(3)}, highest ÷ lowest = ${(highest / lowest).toFixed(3)}.`,
      '',
      table(
        ['request', 'requests', 'requests/s', 'p50 ms', 'p99 ms', 'other status'],
        [
          ...load.kinds.map((k) => [k.name, k.requests, k.perSecond, k.p50, k.p99, k.unexpected ? JSON.stringify(k.statuses) : '0']),
          ['all', load.kinds.reduce((n, k) => n + k.requests, 0), load.perSecond, '', '', `${load.non2xx} non-2xx, ${load.errors} errors (${load.timeouts} timeouts)`],
        ],
      ),
      ...(serverErrors ? ['', `Server warnings: \`${serverErrors.slice(0, 500).replaceAll('\n', ' ')}\``] : []),
    ].join('\n');
    publish({
      title: `Memory with ${ROWS.toLocaleString('en')} keys, subscriptions and devices`,
      command: QUICK ? 'BENCH_QUICK=1 npm run bench:memory' : 'npm run bench:memory',
      body,
      targets: [
        atMost(`resident memory under load ÷ ${LIMIT_MB} MB (highest of ${samples.length} samples: ${highest.toFixed(0)} MB)`, 'SQLite', highest / LIMIT_MB, 1),
        atMost('resident memory flat under load: highest ÷ lowest sample', 'SQLite', highest / lowest, FLAT),
        atMost('failed requests (errors + non-2xx) during warm-up and load', 'SQLite', failures, 0),
      ],
    });
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
