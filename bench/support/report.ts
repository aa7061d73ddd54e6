// How a benchmark hands its results to `npm run bench` (bench/run.ts): each benchmark runs in its
// own process and, when BENCH_REPORT_FILE is set, writes one BenchReport there as JSON. Run alone
// (`npm run bench:<name>`), it prints the same report as Markdown instead.
import { writeFileSync } from 'node:fs';

/** One target of the performance issue: a measured ratio against a baseline of the same run. */
export interface TargetResult {
  /** What is measured, e.g. "signed validation ÷ minimal hand-written route". */
  target: string;
  /** "SQLite" or "PostgreSQL" (or "" for a target that does not depend on the database). */
  database: string;
  /** The measured ratio (figure ÷ baseline), or for a "flat" target the ratio of the worst to the best. */
  measured: number;
  /** The rule: "≥ 0.9", "≤ 1.1" … */
  required: string;
  met: boolean;
  /** Optional, shown beside the verdict: why a target counts as missed beyond its ratio, e.g. "412 non-2xx". */
  note?: string;
}

export interface BenchReport {
  /** The section's heading in docs/benchmarks.md. */
  title: string;
  /** The command that reproduces the section alone. */
  command: string;
  /** Markdown: what was measured and how, the table(s) of figures with baselines and ratios. */
  body: string;
  targets: TargetResult[];
}

export function atLeast(target: string, database: string, measured: number, minimum: number): TargetResult {
  return { target, database, measured, required: `≥ ${minimum}`, met: measured >= minimum };
}

export function atMost(target: string, database: string, measured: number, maximum: number): TargetResult {
  return { target, database, measured, required: `≤ ${maximum}`, met: measured <= maximum };
}

/** True for `npm run bench -- --quick` (the driver passes BENCH_QUICK=1 to every benchmark). */
export const QUICK = process.env.BENCH_QUICK === '1';

export function publish(report: BenchReport): void {
  const file = process.env.BENCH_REPORT_FILE;
  if (file) {
    writeFileSync(file, JSON.stringify(report, null, 2));
    return;
  }
  console.log(`## ${report.title}\n\n\`\`\`\n${report.command}\n\`\`\`\n\n${report.body}\n`);
  for (const t of report.targets) {
    console.log(`- ${t.target}${t.database ? ` (${t.database})` : ''}: ${t.measured.toFixed(3)} (${t.required}) ${t.met ? 'met' : 'MISSED'}${t.note ? ` (${t.note})` : ''}`);
  }
}

/** A Markdown table from a header row and data rows (numbers right-aligned). */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cell = (value: string | number) => (typeof value === 'number' ? formatNumber(value) : value);
  const align = header.map((_, i) => (rows.every((row) => typeof row[i] === 'number') ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en');
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/**
 * The command that reproduces a benchmark alone, as this process was started: `npm run
 * bench:<name>` with the database and quick settings it ran with (a password in the URL masked).
 */
export function commandFor(name: string): string {
  const settings: string[] = [];
  if (QUICK) settings.push('BENCH_QUICK=1');
  const url = process.env.BENCH_DATABASE_URL;
  if (url) settings.push(`BENCH_DATABASE_URL=${masked(url)}`);
  // Sizes and other settings this run was given (BENCH_KEYS=…, BENCH_DURATION=…): without them
  // the command would reproduce other figures.
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('BENCH_') && !['BENCH_QUICK', 'BENCH_DATABASE_URL', 'BENCH_REPORT_FILE'].includes(key) && value) settings.push(`${key}=${value}`);
  }
  return [...settings, `npm run bench:${name}`].join(' ');
}

/** A database URL with its password, if any, replaced by ***. */
export function masked(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** "SQLite" or "PostgreSQL" for a database label such as "SQLite (file, WAL)" or "PostgreSQL 15". */
export function databaseName(label: string): string {
  return /postgres/i.test(label) ? 'PostgreSQL' : 'SQLite';
}
