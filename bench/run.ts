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
import { formatNumber, masked, table, type BenchReport, type TargetResult } from './support/report.ts';

/** Every benchmark, in the order they run and appear in the docs. */
const BENCHMARKS = ['keys', 'redemptions', 'sweep', 'validation', 'delivery', 'seats', 'memory', 'growth'] as const;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOCS = join(ROOT, 'docs/benchmarks.md');

interface Options {
  quick: boolean;
  only: string[] | null;
}

function parseArguments(argv: string[]): Options {
  const options: Options = { quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--quick') options.quick = true;
    else if (argument === '--only' || argument.startsWith('--only=')) {
      const value = argument === '--only' ? argv[++i] : argument.slice('--only='.length);
      if (!value) throw new Error('--only needs a comma-separated list of benchmarks');
      options.only = value.split(',').map((name) => name.trim()).filter(Boolean);
      const unknown = options.only.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
      if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`);
    } else throw new Error(`unknown argument ${argument} (use --quick, --only name,name)`);
  }
  return options;
}

type Outcome =
  | { name: string; status: 'ran'; seconds: number; report: BenchReport }
  | { name: string; status: 'skipped'; reason: string }
  | { name: string; status: 'failed'; seconds: number; reason: string };

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

function commandLine(options: Options, postgresUrl: string | null): string {
  const overrides = Object.entries(process.env)
    .filter(([key, value]) => key.startsWith('BENCH_') && !['BENCH_QUICK', 'BENCH_DATABASE_URL', 'BENCH_REPORT_FILE'].includes(key) && value)
    .map(([key, value]) => `${key}=${value} `);
  const env = (postgresUrl ? `BENCH_DATABASE_URL=${masked(postgresUrl)} ` : '') + overrides.join('');
  const args = [options.quick ? '--quick' : '', options.only ? `--only ${options.only.join(',')}` : ''].filter(Boolean).join(' ');
  return `${env}npm run bench${args ? ` -- ${args}` : ''}`;
}

/** The measured ratio, with a fourth decimal when three would round a miss up to its bound (0.2499 → "0.250"). */
function shownRatio(t: TargetResult): string {
  const shown = formatNumber(t.measured);
  const bound = Number(/[\d.]+/.exec(t.required)?.[0]);
  return shown === formatNumber(bound) && t.measured !== bound ? t.measured.toFixed(4) : shown;
}

function summary(outcomes: Outcome[]): string {
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'skipped') rows.push([outcome.name, '', 'skipped', '', outcome.reason]);
    else if (outcome.status === 'failed') rows.push([outcome.name, '', 'failed', '', `**FAILED**: ${outcome.reason}`]);
    else if (outcome.report.targets.length === 0) rows.push([outcome.name, '', 'no target (figures only)', '', '']);
    else {
      for (const t of outcome.report.targets) {
        rows.push([t.target, t.database, shownRatio(t), t.required, (t.met ? 'met' : '**MISSED**') + (t.note ? ` (${t.note})` : '')]);
      }
    }
  }
  return table(['target', 'database', 'measured', 'required', 'result'], rows);
}

function section(outcome: Outcome, quick: boolean, postgresUrl: string | null): string {
  const env = `${quick ? 'BENCH_QUICK=1 ' : ''}${postgresUrl ? `BENCH_DATABASE_URL=${masked(postgresUrl)} ` : ''}`;
  if (outcome.status === 'skipped') return `## ${outcome.name}\n\nSkipped: ${outcome.reason}.\n`;
  if (outcome.status === 'failed') {
    return `## ${outcome.name}\n\n**FAILED** after ${outcome.seconds.toFixed(0)} s: ${outcome.reason}. Reproduce it alone with \`${env}npm run bench:${outcome.name}\`.\n`;
  }
  const { report } = outcome;
  const command = quick && !report.command.includes('BENCH_QUICK') ? `BENCH_QUICK=1 ${report.command}` : report.command;
  return `## ${report.title}\n\n\`\`\`\n${command}\n\`\`\`\n\n${report.body.trim()}\n\n(Ran in ${outcome.seconds.toFixed(0)} s.)\n`;
}

let options: Options;
try {
  options = parseArguments(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const postgresUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || null;
const env: NodeJS.ProcessEnv = { ...process.env, BENCH_QUICK: options.quick ? '1' : '0' };
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

const failed = outcomes.filter((o) => o.status === 'failed');
const skipped = outcomes.filter((o) => o.status === 'skipped');
const missed = outcomes.flatMap((o) => (o.status === 'ran' ? o.report.targets.filter((t) => !t.met) : []));
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` (bench/run.ts): do not edit by hand, rerun it. What the figures say,`,
  'the profiles behind them and what would close a missed target are in',
  '[performance.md](performance.md).',
  '',
  '```',
  commandLine(options, postgresUrl),
  '```',
  '',
  `- ${options.quick ? '**Quick run** (`--quick`: small sizes and 3-second measurements, a smoke run; the full run is the record)' : 'Full run'}, ` +
    `started ${started.toISOString().replace(/\.\d+Z$/, 'Z')}, ${Math.round(totalSeconds)} s in all`,
  ...machine(postgres),
  '- Every ratio is against a baseline measured in the same run, on the same machine, at the same time:',
  '  the machine is shared, so absolute figures vary between runs far more than the ratios.',
  ...(skipped.length > 0 ? [`- Skipped (file not there yet): ${skipped.map((o) => o.name).join(', ')}`] : []),
  ...(failed.length > 0 ? [`- **FAILED**: ${failed.map((o) => o.name).join(', ')} (see their sections)`] : []),
  '',
  '## Summary',
  '',
  summary(outcomes),
  '',
].join('\n');
const document = `${header}\n${outcomes.map((o) => section(o, options.quick, postgresUrl)).join('\n')}`;

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
