// Benchmark: online validations and check-ins per second, with p50/p99 latency, against a real
// `licentia serve` process, beside two baselines measured in the same run at the same load, each
// in its own process: a bare node:http hello world (what serving HTTP at all costs), and a
// minimal hand-written validation route (bench/support/minimal-validation-server.ts: node:http,
// an in-memory Map of the same devices, an Ed25519-signed answer; what a signed validation costs
// at the least in Node). Load comes from autocannon (programmatic, in this process; every server
// is a child process, so the load generator is never in a server's process).
//
// Each of the BENCH_LICENSES licenses (redeemed keys) has one activated device; requests go
// round-robin over the devices, so the per-license rate limit (raised out of the way here, but
// still counted on every validation) and the license rows are spread as in real use.
//
// Measured per database: signed validation (POST /v1/licenses/validate by device token), unsigned
// validation (the same with "signed": false: the answer then carries no JWS), check-in
// (POST /v1/devices/check-in). A measurement with any non-2xx answer or error counts as a
// missed target, whatever its rate.
//
//   npm run bench:validation                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:validation   and PostgreSQL (a temporary schema)
//   BENCH_DURATION=10 BENCH_CONNECTIONS=50 BENCH_LICENSES=200  seconds per measurement, load, data
//   BENCH_QUICK=1                                              1 s per measurement, 20 licenses
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
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
import { atLeast, commandFor, formatNumber, publish, QUICK, table, type TargetResult } from './support/report.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 1 : 10));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LICENSES = Number(process.env.BENCH_LICENSES ?? (QUICK ? 20 : 200));
const WARM_UP_SECONDS = QUICK ? 0.3 : 2;
const MINIMAL_SERVER = new URL('./support/minimal-validation-server.ts', import.meta.url).pathname;

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

/** A baseline server in its own process, once it answers (any status) on `url`. */
async function startChild(args: string[], env: Record<string, string>, port: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await (await fetch(url)).arrayBuffer();
      break;
    } catch {
      // A guard against a child that never starts (30 s: a loaded machine is slow to boot Node).
      if (attempt >= 600 || child.exitCode !== null) {
        child.kill();
        throw new Error(`the baseline ${args.join(' ')} did not start`);
      }
      await sleep(50);
    }
  }
  return { url, stop: () => child.kill() };
}

/** Baseline (a): node:http answering a small JSON body, nothing else. */
async function startHelloWorld() {
  const script = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"hello":"world"}'); }); }).listen(Number(process.env.PORT), '127.0.0.1');`;
  return startChild(['-e', script], {}, await freePort());
}

/** Baseline (b): the minimal hand-written validation route, holding the same devices. */
async function startMinimalRoute(devices: Device[], dir: string) {
  const file = join(dir, 'minimal-devices.json');
  writeFileSync(file, JSON.stringify(devices));
  return startChild([MINIMAL_SERVER], { MINIMAL_DEVICES_FILE: file }, await freePort());
}

interface Device {
  deviceToken: string;
  fingerprint: string;
  licenseId: string;
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
  label: 'SQLite' | 'PostgreSQL';
  database: Database;
  env: Record<string, string>;
  dir: string;
  cleanup(): Promise<void>;
}

interface DatabaseResult {
  label: 'SQLite' | 'PostgreSQL';
  hello: Measurement;
  minimal: Measurement;
  signed: Measurement;
  unsigned: Measurement;
  checkIn: Measurement;
  /** What one unsigned request answered before the load: its status, and whether it still carried a JWS. */
  unsignedProbe: { status: number; signed: boolean };
}

async function measure(target: Target): Promise<DatabaseResult> {
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
  const stops: Array<() => void> = [];
  try {
    await waitUntilReady(url);
    const devices: Device[] = [];
    for (const key of keys) {
      const fingerprint = newFingerprint();
      const response = await fetch(`${url}/v1/activations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key, fingerprint }) });
      if (response.status !== 201) throw new Error(`activation failed: ${response.status} ${await response.text()}`);
      const activated = (await response.json()) as { deviceToken: string; license: { id: string } };
      devices.push({ deviceToken: activated.deviceToken, fingerprint, licenseId: activated.license.id });
    }
    const hello = await startHelloWorld();
    stops.push(hello.stop);
    const minimal = await startMinimalRoute(devices, target.dir);
    stops.push(minimal.stop);

    let next = 0;
    const nonce = () => randomBytes(16).toString('base64url');
    const device = () => {
      const { deviceToken, fingerprint } = devices[next++ % devices.length]!;
      return { deviceToken, fingerprint };
    };
    const signedBody = () => JSON.stringify({ ...device(), nonce: nonce() });
    const unsignedBody = () => JSON.stringify({ ...device(), nonce: nonce(), signed: false });
    const checkInBody = () => JSON.stringify({ ...device(), nonce: nonce() });
    const validateUrl = `${url}/v1/licenses/validate`;
    const checkInUrl = `${url}/v1/devices/check-in`;

    const post = async (at: string, body: string) => {
      const response = await fetch(at, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      let json: { valid?: unknown; signed?: unknown } = {};
      try {
        json = JSON.parse(text);
      } catch {
        // Not JSON: reported through the status.
      }
      return { status: response.status, json, text };
    };
    // Both sides of the comparison must do the whole work: a valid device, a signed answer.
    for (const [name, at] of [['the minimal route', minimal.url], ['the server', validateUrl]] as const) {
      const answer = await post(at, signedBody());
      if (answer.status !== 200 || answer.json.valid !== true || typeof answer.json.signed !== 'string') {
        throw new Error(`${name} did not answer a valid, signed validation: ${answer.status} ${answer.text}`);
      }
    }
    const probe = await post(validateUrl, unsignedBody());
    const unsignedProbe = { status: probe.status, signed: probe.status < 300 && typeof probe.json.signed === 'string' };
    if (probe.status >= 300) console.error(`${target.label}: an unsigned validation answered ${probe.status} (is "signed": false in the API yet?)`);

    // Warm-up, unreported: JIT, connection pools, SQLite's page cache.
    // The baselines' paths are short: a quick run warms up only the server's.
    if (!QUICK) await load('warm-up', hello.url, undefined, WARM_UP_SECONDS);
    if (!QUICK) await load('warm-up', minimal.url, signedBody, WARM_UP_SECONDS);
    await load('warm-up', validateUrl, signedBody, WARM_UP_SECONDS);
    await load('warm-up', validateUrl, unsignedBody, WARM_UP_SECONDS);
    await load('warm-up', checkInUrl, checkInBody, WARM_UP_SECONDS);
    const measured = async (label: string, at: string, body: (() => string) | undefined) => {
      const m = await load(label, at, body);
      console.error(`${target.label}: ${label}: ${Math.round(m.perSecond)} requests/s, p50 ${m.p50} ms, p99 ${m.p99} ms, non-2xx ${m.non2xx}, errors ${m.errors}`);
      return m;
    };
    return {
      label: target.label,
      hello: await measured('hello world (node:http)', hello.url, undefined),
      minimal: await measured('minimal validation route (node:http, Map, Ed25519)', minimal.url, signedBody),
      signed: await measured('signed validation', validateUrl, signedBody),
      unsigned: await measured('unsigned validation ("signed": false)', validateUrl, unsignedBody),
      checkIn: await measured('check-in', checkInUrl, checkInBody),
      unsignedProbe,
    };
  } finally {
    for (const stop of stops) stop();
    await server.stop();
    await target.cleanup();
  }
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const database = openDatabase({ sqlitePath: join(dir, 'licentia.db') });
  return {
    label: 'SQLite', database, dir, env: { LICENTIA_DATA_DIR: dir },
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(postgresUrl: string): Promise<Target> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dir = mkdtempSync(join(tmpdir(), 'licentia-bench-'));
  const withSchema = new URL(postgresUrl);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  const database = openDatabase({ postgresUrl, postgresSchema: schema, sqlitePath: ':memory:' });
  return {
    label: 'PostgreSQL', database, dir, env: { DATABASE_URL: withSchema.toString(), LICENTIA_DATA_DIR: dir },
    cleanup: async () => {
      await database.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const results: DatabaseResult[] = [await measure(await sqliteTarget())];
if (process.env.BENCH_DATABASE_URL) results.push(await measure(await postgresTarget(process.env.BENCH_DATABASE_URL)));
else console.error('PostgreSQL not measured: set BENCH_DATABASE_URL to include it.');

/** A ratio target that also fails when either side had a non-2xx answer or an error. */
function ratioTarget(name: string, database: string, figure: Measurement, baseline: Measurement, minimum: number, extra?: string): TargetResult {
  const target = atLeast(name, database, figure.perSecond / baseline.perSecond, minimum);
  const problems = [
    ...[figure, baseline].flatMap((m) => [m.non2xx > 0 ? `${formatNumber(m.non2xx)} non-2xx (${m.label})` : '', m.errors > 0 ? `${formatNumber(m.errors)} errors (${m.label})` : '']),
    extra ?? '',
  ].filter(Boolean);
  return problems.length > 0 ? { ...target, met: false, note: problems.join('; ') } : target;
}

const targets = results.flatMap((r) => [
  ratioTarget('signed validation ÷ minimal hand-written route', r.label, r.signed, r.minimal, r.label === 'SQLite' ? 0.9 : 0.7),
  ratioTarget('unsigned validation ÷ hello world', r.label, r.unsigned, r.hello, 0.3, r.unsignedProbe.signed ? 'the answer still carries a signed JWS' : undefined),
  ratioTarget('check-in ÷ minimal hand-written route', r.label, r.checkIn, r.minimal, 0.5),
]);

const rows = results.flatMap((r) =>
  [r.hello, r.minimal, r.signed, r.unsigned, r.checkIn].map((m) => [
    r.label, m.label, Math.round(m.perSecond), m.p50, m.p99, m.perSecond / r.hello.perSecond, m.perSecond / r.minimal.perSecond, m.non2xx, m.errors,
  ]),
);
const probes = results.map((r) => `${r.label}: HTTP ${r.unsignedProbe.status}${r.unsignedProbe.signed ? ', still signed' : r.unsignedProbe.status < 300 ? ', no JWS' : ''}`).join('; ');
const body = `Online validations (\`POST /v1/licenses/validate\` by device token) and check-ins
(\`POST /v1/devices/check-in\`) against a real \`licentia serve\` process (logs at \`warn\`, workers
off), ${CONNECTIONS} connections for ${DURATION} s per measurement, from autocannon's programmatic API in the bench
process; every server is a child process of its own. Two **baselines**, measured in the same run
at the same load beside each database's figures: (a) a bare \`node:http\` server answering
\`{"hello":"world"}\`; (b) a minimal hand-written validation route
(\`bench/support/minimal-validation-server.ts\`): \`node:http\` and no framework, the JSON body
parsed, the device found by the HMAC-SHA256 of its token in an in-memory \`Map\` holding the same
${LICENSES} devices, its fingerprint compared, and the answer signed as a compact JWS with Ed25519
(\`node:crypto\`) carrying the server's claims (iss, iat, server_time, jti, nonce, valid, code, sub,
aud). Signed validations and check-ins are compared with (b), unsigned validations (the request
says \`"signed": false\` and the answer carries no JWS) with (a). Each of ${LICENSES} licenses (redeemed
keys) has one activated device; requests go round-robin over the devices, each with a fresh
nonce, so the per-license validation counter (raised to 10,000,000 a minute for the run, but still
written on every validation) and the license rows are spread as in real use. Each measurement
follows a ${WARM_UP_SECONDS} s unreported warm-up. A target whose measurement had any non-2xx answer or error
counts as missed. One unsigned request before the load answered: ${probes}.
(\`BENCH_DURATION\`, \`BENCH_CONNECTIONS\` and \`BENCH_LICENSES\` change the seconds per measurement, the
connections and the licenses.)

${table(['database', 'measured', 'requests/s', 'p50 ms', 'p99 ms', '÷ hello world', '÷ minimal route', 'non-2xx', 'errors'], rows)}`;

publish({ title: 'Validations and check-ins per second', command: commandFor('validation'), body, targets });
