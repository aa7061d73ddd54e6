// `npm run bench`: runs every benchmark, each in its own process, and rewrites
// docs/benchmarks.md from their reports (bench/support/report.ts): a header naming the command,
// the date and the machine, a summary of every target, then each benchmark's section.
//
//   npm run bench                     every benchmark at full size (SQLite, and PostgreSQL when
//                                     BENCH_DATABASE_URL or DATABASE_URL is set)
//   npm run bench -- --quick          small sizes (BENCH_QUICK=1): a smoke run of the whole set
//   npm run bench -- --only keys,sweep
//                                     a subset, for development: its report is printed, and
//                                     docs/benchmarks.md is left alone, since the file is the
//                                     record of one complete run and a partial one would pass
//                                     for it.
//
// A listed benchmark whose file does not exist is skipped, and said so (in the output and the
// docs). A benchmark whose process fails, or that writes no report, makes the run fail (exit
// status 1) after the others ran; the docs are still written, naming the failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BENCHMARKS, parseArguments, renderDocument, summary, type Options, type Outcome } from './support/benchmarks-doc.ts';
import type { BenchReport } from './support/report.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOCS = join(ROOT, 'docs/benchmarks.md');

async function runOne(name: string, env: NodeJS.ProcessEnv, reportDir: string): Promise<Outcome> {
  const file = join(ROOT, 'bench', `${name}.ts`);
  if (!existsSync(file)) return { name, status: 'skipped', reason: `bench/${name}.ts does not exist yet` };
  const reportFile = join(reportDir, `${name}.json`);
  const started = performance.now();
  // The benchmark's own output (progress lines) goes straight to the terminal; its report to the file.
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: ROOT, env: { ...env, BENCH_REPORT_FILE: reportFile }, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (exit.code !== 0) return { name, status: 'failed', seconds, reason: exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}` };
  if (!existsSync(reportFile)) return { name, status: 'failed', seconds, reason: 'finished without writing a report (does it call publish()?)' };
  try {
    return { name, status: 'ran', seconds, report: JSON.parse(readFileSync(reportFile, 'utf8')) as BenchReport };
  } catch (error) {
    return { name, status: 'failed', seconds, reason: `unreadable report: ${(error as Error).message}` };
  }
}

function sqliteVersion(): string {
  const db = new DatabaseSync(':memory:');
  try {
    return String((db.prepare('select sqlite_version() as version').get() as { version: string }).version);
  } finally {
    db.close();
  }
}

async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return String((await client.query('show server_version')).rows[0].server_version);
  } finally {
    await client.end();
  }
}

function machine(postgres: string | null): string[] {
  const cpu = cpus();
  return [
    `- Machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB of memory, Linux ${release()}`,
    `- Node ${process.version}; SQLite ${sqliteVersion()} (\`node:sqlite\`, a file in WAL mode)` +
      (postgres ? `; PostgreSQL ${postgres} (on the same machine)` : '; PostgreSQL not measured (set BENCH_DATABASE_URL or DATABASE_URL to include it)'),
  ];
}

let options: Options;
try {
  options = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || null;
// Node caches what it compiled (type stripping included), shared with the test runner's cache:
// every benchmark and every server it starts loads the same modules.
const env: NodeJS.ProcessEnv = { NODE_COMPILE_CACHE: join(ROOT, 'node_modules/.cache/licentia-node-compile'), ...process.env, BENCH_QUICK: options.quick ? '1' : '0' };
if (postgresUrl) env.BENCH_DATABASE_URL = postgresUrl;
else delete env.BENCH_DATABASE_URL;
const postgres = postgresUrl ? await postgresVersion(postgresUrl) : null;
const selected = BENCHMARKS.filter((name) => !options.only || options.only.includes(name));
const started = new Date();
const reportDir = mkdtempSync(join(tmpdir(), 'licentia-bench-reports-'));
const outcomes: Outcome[] = [];
try {
  for (const name of selected) {
    console.log(`\n=== bench: ${name}${options.quick ? ' (quick)' : ''} ===`);
    const outcome = await runOne(name, env, reportDir);
    if (outcome.status === 'skipped') console.log(`=== bench: ${name} SKIPPED: ${outcome.reason}`);
    else if (outcome.status === 'failed') console.log(`=== bench: ${name} FAILED: ${outcome.reason}`);
    else console.log(`=== bench: ${name} done in ${outcome.seconds.toFixed(1)} s`);
    outcomes.push(outcome);
  }
} finally {
  rmSync(reportDir, { recursive: true, force: true });
}
const totalSeconds = (Date.now() - started.getTime()) / 1000;

const overrides = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('BENCH_') && !['BENCH_QUICK', 'BENCH_DATABASE_URL', 'BENCH_REPORT_FILE'].includes(entry[0]) && Boolean(entry[1])),
);
const document = renderDocument(outcomes, { options, postgresUrl, started, totalSeconds, machine: machine(postgres), overrides });
const failed = outcomes.filter((o) => o.status === 'failed');
const skipped = outcomes.filter((o) => o.status === 'skipped');
const missed = outcomes.flatMap((o) => (o.status === 'ran' ? o.report.targets.filter((t) => !t.met) : []));
if (options.only) {
  console.log(`\n${document}`);
  console.log('(A partial run (--only): docs/benchmarks.md left unchanged.)');
} else {
  writeFileSync(DOCS, document);
  console.log(`\ndocs/benchmarks.md written (${options.quick ? 'quick' : 'full'} run, ${Math.round(totalSeconds)} s).`);
}
console.log(`\n${summary(outcomes)}\n`);
console.log(
  `Total ${totalSeconds.toFixed(0)} s; ${outcomes.filter((o) => o.status === 'ran').length} ran, ${skipped.length} skipped, ${failed.length} failed; ${missed.length} target(s) missed.`,
);
if (failed.length > 0) process.exitCode = 1;
