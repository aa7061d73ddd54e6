// The pure half of the bench driver (bench/run.ts): its arguments, and docs/benchmarks.md as a
// function of the outcomes of a run. Kept apart from the half that starts processes so that what
// the file says about a failed, skipped or missed benchmark can be tested without running one.
import { formatNumber, masked, table, type BenchReport, type TargetResult } from './report.ts';

/** Every benchmark, in the order they run and appear in the docs. */
export const BENCHMARKS = ['keys', 'redemptions', 'sweep', 'validation', 'delivery', 'seats', 'memory', 'growth'] as const;

export interface Options {
  quick: boolean;
  only: string[] | null;
}

export function parseArguments(argv: string[]): Options {
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

export type Outcome =
  | { name: string; status: 'ran'; seconds: number; report: BenchReport }
  | { name: string; status: 'skipped'; reason: string }
  | { name: string; status: 'failed'; seconds: number; reason: string };

/** What the header says about the run, beside the outcomes. */
export interface RunFacts {
  options: Options;
  /** The database URL the benchmarks were given, or null for SQLite only. */
  postgresUrl: string | null;
  started: Date;
  totalSeconds: number;
  /** Lines naming the machine and the versions (bench/run.ts measures them). */
  machine: string[];
  /** The BENCH_* settings the run was given beyond the database and --quick, e.g. { BENCH_KEYS: '2000' }. */
  overrides: Record<string, string>;
}

export function commandLine(options: Options, postgresUrl: string | null, overrides: Record<string, string>): string {
  const env = (postgresUrl ? `BENCH_DATABASE_URL=${masked(postgresUrl)} ` : '') + Object.entries(overrides).map(([key, value]) => `${key}=${value} `).join('');
  const args = [options.quick ? '--quick' : '', options.only ? `--only ${options.only.join(',')}` : ''].filter(Boolean).join(' ');
  return `${env}npm run bench${args ? ` -- ${args}` : ''}`;
}

/** The measured ratio, with a fourth decimal when three would round a miss up to its bound (0.2499 → "0.250"). */
export function shownRatio(t: TargetResult): string {
  const shown = formatNumber(t.measured);
  const bound = Number(/[\d.]+/.exec(t.required)?.[0]);
  return shown === formatNumber(bound) && t.measured !== bound ? t.measured.toFixed(4) : shown;
}

export function summary(outcomes: Outcome[]): string {
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

function section(outcome: Outcome, facts: RunFacts): string {
  const quick = facts.options.quick;
  const env = `${quick ? 'BENCH_QUICK=1 ' : ''}${facts.postgresUrl ? `BENCH_DATABASE_URL=${masked(facts.postgresUrl)} ` : ''}` +
    Object.entries(facts.overrides).map(([key, value]) => `${key}=${value} `).join('');
  if (outcome.status === 'skipped') return `## ${outcome.name}\n\nSkipped: ${outcome.reason}.\n`;
  if (outcome.status === 'failed') {
    return `## ${outcome.name}\n\n**FAILED** after ${outcome.seconds.toFixed(0)} s: ${outcome.reason}. Reproduce it alone with \`${env}npm run bench:${outcome.name}\`.\n`;
  }
  const { report } = outcome;
  const command = quick && !report.command.includes('BENCH_QUICK') ? `BENCH_QUICK=1 ${report.command}` : report.command;
  return `## ${report.title}\n\n\`\`\`\n${command}\n\`\`\`\n\n${report.body.trim()}\n\n(Ran in ${outcome.seconds.toFixed(0)} s.)\n`;
}

/** docs/benchmarks.md for a run. */
export function renderDocument(outcomes: Outcome[], facts: RunFacts): string {
  const { options, postgresUrl, started, totalSeconds } = facts;
  const failed = outcomes.filter((o) => o.status === 'failed');
  const skipped = outcomes.filter((o) => o.status === 'skipped');
  const header = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts): do not edit by hand, rerun it. What the figures say,`,
    'the profiles behind them and what would close a missed target are in',
    '[performance.md](performance.md).',
    '',
    '```',
    commandLine(options, postgresUrl, facts.overrides),
    '```',
    '',
    `- ${options.quick ? '**Quick run** (`--quick`: small sizes and 3-second measurements, a smoke run; the full run is the record)' : 'Full run'}, ` +
      `started ${started.toISOString().replace(/\.\d+Z$/, 'Z')}, ${Math.round(totalSeconds)} s in all`,
    ...facts.machine,
    '- Every ratio is against a baseline measured in the same run, on the same machine, next to the figure:',
    '  the machine is shared, so absolute figures vary between runs far more than the ratios.',
    ...(skipped.length > 0 ? [`- Skipped (file not there yet): ${skipped.map((o) => o.name).join(', ')}`] : []),
    ...(failed.length > 0 ? [`- **FAILED**: ${failed.map((o) => o.name).join(', ')} (see their sections)`] : []),
    '',
    '## Summary',
    '',
    summary(outcomes),
    '',
  ].join('\n');
  return `${header}\n${outcomes.map((o) => section(o, facts)).join('\n')}`;
}
