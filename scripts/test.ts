// Runs the whole test suite: once on the embedded SQLite database, then again on PostgreSQL
// when TEST_DATABASE_URL is set. In CI the PostgreSQL pass is mandatory: it defaults to the
// CI server's address and fails (never skips) when that server is unreachable.
import { spawnSync } from 'node:child_process';
import { globSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const CI_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const extraArgs = process.argv.slice(2);
const patterns = extraArgs.length > 0 ? extraArgs : ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'];

/**
 * The server's test files that open a database (directly, through a test app, a served child or
 * the CLI): the PostgreSQL pass runs these. A file that never touches a database (templates,
 * signatures, pure decisions) would only repeat its SQLite run.
 */
const OPENS_A_DATABASE = /createTestApp|createTestDatabase|createSharedSetup|startServe|runCli|startMailTestApp|testDatabase/;
function databaseTestFiles(): string[] {
  const files = ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'].flatMap((pattern) => globSync(pattern));
  return files.filter((file) => OPENS_A_DATABASE.test(readFileSync(file, 'utf8'))).sort();
}
const dbPatterns = extraArgs.length > 0 ? extraArgs : databaseTestFiles();

// Node caches what it compiled (type stripping included) between the many processes of a run:
// every test file and every server or CLI child it starts loads the same modules.
const COMPILE_CACHE = fileURLToPath(new URL('../node_modules/.cache/licentia-node-compile', import.meta.url));

function run(label: string, env: NodeJS.ProcessEnv, files: string[]): number {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=4', '--test-timeout=300000', ...files],
    { stdio: 'inherit', env: { ...process.env, NODE_COMPILE_CACHE: COMPILE_CACHE, ...env } },
  );
  return result.status ?? 1;
}

// The portal's browser tests need Chromium (apt-get installs it where missing) and a built
// portal: prepared once here, before the test files run in parallel.
if (extraArgs.length === 0 || extraArgs.some((arg) => arg.includes('packages/web'))) {
  const setup = spawnSync(process.execPath, ['packages/web/test/setup.ts'], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}

const postgresUrl = process.env.TEST_DATABASE_URL ?? (process.env.CI === 'true' ? CI_DATABASE_URL : undefined);
// Test users need no strong password hashes; production's default cost stays untouched.
const TEST_ENV = { LICENTIA_PASSWORD_HASH_COST: '10' };
// Node strips types without checking them: the whole suite first type-checks the workspace, so
// strict TypeScript and the compile-time contracts (the SDK against the server's schemas) hold
// in CI. A run of chosen files skips it, to stay quick while working.
function typecheck(): number {
  console.log('\n=== Type check (tsc --noEmit: the workspace, then the portal) ===');
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  for (const project of ['.', 'packages/web']) {
    const status = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' }).status;
    if (status !== 0) return status ?? 1;
  }
  return 0;
}

let failed = extraArgs.length === 0 && typecheck() !== 0;
failed = run('SQLite (embedded)', { ...TEST_ENV, LICENTIA_TEST_DB: 'sqlite' }, patterns) !== 0 || failed;
if (postgresUrl) {
  failed = run('PostgreSQL', { ...TEST_ENV, LICENTIA_TEST_DB: 'postgres', TEST_DATABASE_URL: postgresUrl }, dbPatterns) !== 0 || failed;
} else {
  console.log('\nPostgreSQL pass not run: set TEST_DATABASE_URL to run the suite on PostgreSQL too.');
}
process.exit(failed ? 1 : 0);
