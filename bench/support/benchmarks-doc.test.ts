// What docs/benchmarks.md says about a run: every target with its verdict, and a failed or
// skipped benchmark named in the summary, the header and its own section.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArguments, renderDocument, type Outcome, type RunFacts } from './benchmarks-doc.ts';
import { atLeast } from './report.ts';

const facts = (overrides: Partial<RunFacts> = {}): RunFacts => ({
  options: { quick: true, only: null },
  postgresUrl: 'postgres://bench:secret@127.0.0.1:5432/test',
  started: new Date('2026-12-06T10:00:00.123Z'),
  totalSeconds: 95.4,
  machine: ['- Machine: 2 cores'],
  overrides: {},
  ...overrides,
});

const ran: Outcome = {
  name: 'keys',
  status: 'ran',
  seconds: 12,
  report: {
    title: 'Product keys: batch of 10,000',
    command: 'BENCH_QUICK=1 npm run bench:keys',
    body: 'The method.\n\n| a | b |\n|---|---:|\n| x | 1 |',
    targets: [atLeast('key batch ÷ bulk insert', 'SQLite', 0.62, 0.5), atLeast('key batch ÷ bulk insert', 'PostgreSQL', 0.2499, 0.25)],
  },
};

test('each target is a row of the summary with its verdict; a miss just under its bound is not rounded up to it', () => {
  const document = renderDocument([ran], facts());
  assert.match(document, /\| key batch ÷ bulk insert \| SQLite \| 0\.620 \| ≥ 0\.5 \| met \|/);
  assert.match(document, /\| key batch ÷ bulk insert \| PostgreSQL \| 0\.2499 \| ≥ 0\.25 \| \*\*MISSED\*\* \|/);
  assert.match(document, /## Product keys: batch of 10,000\n\n```\nBENCH_QUICK=1 npm run bench:keys\n```\n\nThe method\./);
});

test('the header names the command (password masked), a quick run as such, and the total time', () => {
  const document = renderDocument([ran], facts({ overrides: { BENCH_KEYS: '2000' } }));
  assert.match(document, /```\nBENCH_DATABASE_URL=postgres:\/\/bench:\*\*\*@127\.0\.0\.1:5432\/test BENCH_KEYS=2000 npm run bench -- --quick\n```/);
  assert.doesNotMatch(document, /secret/);
  assert.match(document, /\*\*Quick run\*\*.*started 2026-12-06T10:00:00Z, 95 s in all/);
  assert.match(renderDocument([ran], facts({ options: { quick: false, only: null } })), /- Full run, started/);
});

test('a failed and a skipped benchmark are named in the header, the summary and their sections', () => {
  const outcomes: Outcome[] = [
    ran,
    { name: 'seats', status: 'failed', seconds: 3, reason: 'exit status 1' },
    { name: 'growth', status: 'skipped', reason: 'bench/growth.ts does not exist yet' },
  ];
  const document = renderDocument(outcomes, facts());
  assert.match(document, /- \*\*FAILED\*\*: seats/);
  assert.match(document, /- Skipped \(file not there yet\): growth/);
  assert.match(document, /\| seats \|  \| failed \|  \| \*\*FAILED\*\*: exit status 1 \|/);
  assert.match(document, /## seats\n\n\*\*FAILED\*\* after 3 s: exit status 1\. Reproduce it alone with `BENCH_QUICK=1 BENCH_DATABASE_URL=postgres:\/\/bench:\*\*\*@127\.0\.0\.1:5432\/test npm run bench:seats`/);
  assert.match(document, /## growth\n\nSkipped: bench\/growth\.ts does not exist yet\./);
});

test('a target missed for another reason than its ratio says why', () => {
  const withNote: Outcome = { ...ran, report: { ...ran.report, targets: [{ ...atLeast('unsigned ÷ hello', 'SQLite', 0.45, 0.3), met: false, note: '6,193 non-2xx' }] } };
  assert.match(renderDocument([withNote], facts()), /\| unsigned ÷ hello \| SQLite \| 0\.450 \| ≥ 0\.3 \| \*\*MISSED\*\* \(6,193 non-2xx\) \|/);
});

test('arguments: --quick, --only in both spellings, and unknown names or flags refused', () => {
  assert.deepEqual(parseArguments([]), { quick: false, only: null });
  assert.deepEqual(parseArguments(['--quick', '--only', 'keys,sweep']), { quick: true, only: ['keys', 'sweep'] });
  assert.deepEqual(parseArguments(['--only=validation']), { quick: false, only: ['validation'] });
  assert.throws(() => parseArguments(['--only', 'keys,nope']), /unknown benchmark\(s\): nope/);
  assert.throws(() => parseArguments(['--only']), /--only needs/);
  assert.throws(() => parseArguments(['--fast']), /unknown argument --fast/);
});
