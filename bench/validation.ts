// Benchmark: online validations and check-ins per second, with p50/p99 latency, against a real
// `licentia serve` process, beside a bare node:http hello-world process measured in the same
// run at the same load: their ratio is what a validation costs beyond serving HTTP at all.
// Load comes from autocannon (programmatic, in this process; the servers are children).
//
// Each of the BENCH_LICENSES licenses (redeemed keys) has one activated device; requests go
// round-robin over the devices, so the per-license rate limit (raised out of the way here, but
// still counted on every validation) and the license rows are spread as in real use.
//
//   npm run bench:validation                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:validation   and PostgreSQL (a temporary schema)
//   BENCH_DURATION=10 BENCH_CONNECTIONS=50 BENCH_LICENSES=200  seconds per measurement, load, data
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { systemClock } from '../packages/server/src/clock.ts';
import { openDatabase, type Database } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { createRedeemedKey, newFingerprint } from '../packages/server/src/modules/devices/testing.ts';
import { secretsFromMaster } from '../packages/server/src/security/secrets.ts';
import { startServe, type Served } from '../packages/server/test/support/server-process.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LICENSES = Number(process.env.BENCH_LICENSES ?? 200);
const WARM_UP_SECONDS = 2;

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${url} did not become ready`);
}

/** The baseline: node:http answering a small JSON body, nothing else. */
async function startHelloWorld(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const script = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"hello":"world"}'); }); }).listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(url);
      break;
    } catch {
      await sleep(50);
    }
  }
  return { url, stop: () => child.kill() };
}

interface Measurement {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(label: string, url: string, body: (() => string) | undefined, duration = DURATION): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    requests: [
      body
        ? { method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (request) => ({ ...request, body: body() }) }
        : { method: 'GET' },
    ],
  });
  return { label, perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

interface Target {
  label: string;
  database: Database;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

async function measure(target: Target, helloUrl: string): Promise<Measurement[]> {
  const secret = randomBytes(32);
  await migrateToLatest(target.database);
  const fixture = { ctx: { database: target.database, secrets: secretsFromMaster(secret, 'bench') }, clock: systemClock };
  const keys: string[] = [];
  for (let i = 0; i < LICENSES; i++) keys.push((await createRedeemedKey(fixture)).key);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: Served = startServe({
    ...target.env,
    PORT: String(port),
    LICENTIA_SECRET: secret.toString('base64'),
    LICENTIA_PUBLIC_URL: url,
    LICENTIA_WORKERS: 'false',
    LOG_LEVEL: 'warn',
    // Counted on every validation as always, but out of the way of a load test.
    LICENTIA_VALIDATION_LIMIT_PER_MINUTE: '10000000',
  });
  try {
    await waitUntilReady(url);
    const devices: { deviceToken: string; fingerprint: string }[] = [];
    for (const key of keys) {
      const fingerprint = newFingerprint();
      const response = await fetch(`${url}/v1/activations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, fingerprint }) });
      if (response.status !== 201) throw new Error(`activation failed: ${response.status} ${await response.text()}`);
      devices.push({ deviceToken: ((await response.json()) as { deviceToken: string }).deviceToken, fingerprint });
    }
    let next = 0;
    const nonce = () => randomBytes(16).toString('base64url');
    const device = () => devices[next++ % devices.length]!;
    const validation = () => JSON.stringify({ ...device(), nonce: nonce() });
    const checkIn = () => JSON.stringify({ ...device(), nonce: nonce() });
    // Warm-up, unreported: JIT, connection pools, SQLite's page cache.
    await load('warm-up', `${url}/v1/licenses/validate`, validation, WARM_UP_SECONDS);
    await load('warm-up', `${url}/v1/devices/check-in`, checkIn, WARM_UP_SECONDS);
    await load('warm-up', helloUrl, undefined, WARM_UP_SECONDS);
    return [
      await load('hello world (node:http)', helloUrl, undefined),
      await load(`validations (${target.label})`, `${url}/v1/licenses/validate`, validation),
      await load(`check-ins (${target.label})`, `${url}/v1/devices/check-in`, checkIn),
    ];
  } finally {
    await server.stop();
    await target.cleanup();
  }
}

const hello = await startHelloWorld();
const results: Measurement[][] = [];
try {
  const sqliteDir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const sqlite = openDatabase({ sqlitePath: join(sqliteDir, 'licentia.db') });
  results.push(await measure({ label: 'SQLite', database: sqlite, env: { LICENTIA_DATA_DIR: sqliteDir }, cleanup: async () => {
    await sqlite.close();
    rmSync(sqliteDir, { recursive: true, force: true });
  } }, hello.url));
  const postgresUrl = process.env.BENCH_DATABASE_URL;
  if (postgresUrl) {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
    const withSchema = new URL(postgresUrl);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    const postgres = openDatabase({ postgresUrl, postgresSchema: schema, sqlitePath: ':memory:' });
    results.push(await measure({ label: 'PostgreSQL', database: postgres, env: { DATABASE_URL: withSchema.toString(), LICENTIA_DATA_DIR: dir }, cleanup: async () => {
      await postgres.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    } }, hello.url));
  }
} finally {
  hello.stop();
}

console.log(`Validation and check-in over HTTP: ${CONNECTIONS} connections, ${DURATION} s each, ${LICENSES} licenses with one device each; ${availableParallelism()} cores (${cpus()[0]?.model}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| measured | requests/s | p50 ms | p99 ms | ÷ hello world | non-2xx | errors |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const run of results) {
  const baseline = run[0]!.perSecond;
  for (const m of run) {
    console.log(`| ${m.label} | ${m.perSecond.toFixed(0)} | ${m.p50} | ${m.p99} | ${(m.perSecond / baseline).toFixed(3)} | ${m.non2xx} | ${m.errors} |`);
  }
}
