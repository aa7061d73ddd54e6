// The `licentia` command, run as a subprocess the way an operator runs it: help and usage
// errors, offline key checks (in the user's language), migrations, administrators and tokens,
// and the first start of `serve`, which sets Licentia up once and says so once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKey, KEY_ALPHABET } from '@licentia/core/keys';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { findVendorOrganizationId } from '../modules/organizations/store.ts';
import { verifyPassword } from '../security/passwords.ts';
import { hashToken } from '../security/tokens.ts';
import { runCli, showRun, startServe } from '../../test/support/server-process.ts';

const COMMANDS = ['serve', 'migrate', 'admin create', 'token create', 'keys check'] as const;

const licentia = runCli;
const show = showRun;

describe('without a database', { concurrency: true }, () => {
  let dataDir: string;
  let env: Record<string, string>;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'licentia-cli-'));
    env = { LICENTIA_DATA_DIR: dataDir };
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('--help lists every command and exits 0', async () => {
    for (const run of await Promise.all(['--help', '-h', 'help'].map((flag) => licentia([flag], env)))) {
      assert.equal(run.status, 0, show(run));
      assert.match(run.stdout, /Usage: licentia <command>/);
      for (const name of COMMANDS) assert.match(run.stdout, new RegExp(`^  ${name}\\s+\\S`, 'm'), `${name} is listed`);
    }
  });

  test('each command with --help prints its usage and exits 0', async () => {
    const runs = await Promise.all(COMMANDS.map((name) => licentia([...name.split(' '), '--help'], env)));
    COMMANDS.forEach((name, i) => {
      const run = runs[i]!;
      assert.equal(run.status, 0, show(run));
      assert.match(run.stdout, new RegExp(`Usage: licentia ${name}`));
      assert.equal(run.stderr, '');
    });
  });

  test('serve --processes outside 1..64, or LICENTIA_PROCESSES so: exit 2 before anything starts, in the user\'s language', async () => {
    const [zero, word, tooMany, japanese, badEnv] = await Promise.all([
      licentia(['serve', '--processes', '0'], env),
      licentia(['serve', '--processes', 'two'], env),
      licentia(['serve', '--processes', '65'], env),
      licentia(['serve', '--processes', '1.5'], { ...env, LANG: 'ja_JP.UTF-8' }),
      licentia(['serve'], { ...env, LICENTIA_PROCESSES: '0' }),
    ]);
    for (const [run, given] of [[zero, '0'], [word, 'two'], [tooMany, '65']] as const) {
      assert.equal(run.status, 2, show(run));
      assert.match(run.stderr, new RegExp(`--processes must be a whole number from 1 to 64, got "${given}"`));
      assert.match(run.stderr, /Usage: licentia serve \[--processes <1-64>\]/);
    }
    assert.equal(japanese.status, 2, show(japanese));
    assert.match(japanese.stderr, /--processes には 1 から 64 までの整数を指定してください（指定値: "1\.5"）/);
    assert.equal(badEnv.status, 2, show(badEnv));
    assert.match(badEnv.stderr, /LICENTIA_PROCESSES must be an integer from 1 to 64, not "0"/);
    assert.equal(zero.stdout + word.stdout + tooMany.stdout + japanese.stdout + badEnv.stdout, '', 'nothing was set up');
  });

  test('an unknown command, no command, or an unknown option: exit 2 with the usage', async () => {
    const [unknown, half, none, badOption, noKey] = await Promise.all([
      licentia(['frobnicate'], env),
      licentia(['keys'], env),
      licentia([], env),
      licentia(['migrate', '--colour'], env),
      licentia(['keys', 'check'], env),
    ]);
    assert.equal(unknown.status, 2, show(unknown));
    assert.match(unknown.stderr, /unknown command: frobnicate/);
    assert.match(unknown.stderr, /Commands:/);
    assert.equal(half.status, 2, show(half));
    assert.equal(none.status, 2, show(none));
    assert.match(none.stdout, /Usage: licentia <command>/);
    assert.equal(badOption.status, 2, show(badOption));
    assert.match(badOption.stderr, /Usage: licentia migrate/);
    assert.equal(noKey.status, 2, show(noKey));
    assert.match(noKey.stderr, /give the key to check/);
  });

  /** The key with the character at a 1-based position (separators not counted) replaced. */
  function withCharacterAt(key: string, position: number, character: string): string {
    const compact = [...key.replaceAll('-', '')];
    compact[position - 1] = character;
    return compact.join('').replace(/(.{5})(?!$)/g, '$1-');
  }

  test('keys check: a valid key, however typed, prints the canonical key and exits 0', async () => {
    const key = generateKey();
    const inputs = [[key], [key.toLowerCase().replaceAll('-', ' ')], key.split('-'), [key.replaceAll('-', '')]];
    for (const run of await Promise.all(inputs.map((input) => licentia(['keys', 'check', ...input], env)))) {
      assert.equal(run.status, 0, show(run));
      assert.equal(run.stdout, `${key}\n`);
    }
  });

  test('keys check: a character keys never contain exits 1, naming its position; a typo fails the check', async () => {
    assert.ok(!KEY_ALPHABET.includes('O'));
    const key = generateKey();
    const first = key[0]!;
    const other = KEY_ALPHABET[(KEY_ALPHABET.indexOf(first) + 1) % KEY_ALPHABET.length]!;
    const [bad, typo] = await Promise.all([
      licentia(['keys', 'check', withCharacterAt(generateKey(), 7, 'O')], env),
      licentia(['keys', 'check', other + key.slice(1)], env),
    ]);
    assert.equal(bad.status, 1, show(bad));
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^BAD_CHARACTERS: /);
    assert.match(bad.stderr, /position\(s\) 7 \(O\)/);
    assert.equal(typo.status, 1, show(typo));
    assert.match(typo.stderr, /^CHECK_FAILED: /);
  });

  test('keys check speaks Japanese when LANG is ja_* (LC_ALL wins over LANG)', async () => {
    const ja = { ...env, LANG: 'ja_JP.UTF-8' };
    const [bad, short, english] = await Promise.all([
      licentia(['keys', 'check', withCharacterAt(generateKey(), 7, 'O')], ja),
      licentia(['keys', 'check', generateKey().slice(0, -1)], ja),
      licentia(['keys', 'check', generateKey().slice(0, -1)], { ...ja, LC_ALL: 'en_US.UTF-8' }),
    ]);
    assert.equal(bad.status, 1, show(bad));
    assert.match(bad.stderr, /^BAD_CHARACTERS: 7 \(O\) 文字目はプロダクト キーに使われない文字です。/);
    assert.equal(short.status, 1, show(short));
    assert.match(short.stderr, /^WRONG_LENGTH: プロダクト キーは 25 文字ですが、入力は 24 文字です。/);
    assert.match(english.stderr, /^WRONG_LENGTH: A product key has 25 characters; this has 24\./);
  });
});

// These tests share one database and run in order (migrations, then the first start, then
// administrators and tokens). One database for the file also keeps the PostgreSQL pass to a
// single schema.
describe('with a database', () => {
  let testDb: TestDatabase;
  let firstAdminPassword: string | undefined;

  before(async () => {
    testDb = await createTestDatabase({ migrate: false });
  });
  after(() => testDb.destroy());

  test('migrate applies the migrations, and the second time says the schema is up to date', async () => {
    const first = await licentia(['migrate'], testDb.env);
    assert.equal(first.status, 0, show(first));
    assert.match(first.stdout, /^applied: \S/);
    const second = await licentia(['migrate'], testDb.env);
    assert.equal(second.status, 0, show(second));
    assert.equal(second.stdout, 'the schema is up to date\n');
  });

  test('token create before there is a vendor organization: exit 2, saying what to do', async () => {
    const run = await licentia(['token', 'create', '--roles', 'vendor_admin'], testDb.env);
    assert.equal(run.status, 2, show(run));
    assert.match(run.stderr, /no vendor organization yet/);
    const unknownRole = await licentia(['token', 'create', '--roles', 'vendor_admin,wizard'], testDb.env);
    assert.equal(unknownRole.status, 2, show(unknownRole));
    assert.match(unknownRole.stderr, /unknown roles: wizard/);
  });

  test('serve: the first start sets Licentia up and prints the first password once; the second start does not', async () => {
    const first = await startServe(testDb.env);
    try {
      const banner = await first.waitFor(/Licentia is set up[\s\S]*password: (\S+)/);
      firstAdminPassword = banner[1]!;
      assert.match(first.stdout(), /email:\s+admin@example\.com/);
      const port = Number((await first.waitFor(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/))[1]);
      assert.ok(port > 0);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      // The printed password signs in.
      const session = await fetch(`http://127.0.0.1:${port}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.com', password: firstAdminPassword }),
      });
      assert.equal(session.status, 201, await session.text());
    } finally {
      const exit = await first.stop();
      assert.equal(exit.code, 0, `exit ${exit.code} ${exit.signal}\n${first.stdout()}\n${first.stderr()}`);
    }
    // The password is in no log line: only in the banner.
    const logLines = first.stdout().split('\n').filter((line) => line.startsWith('{'));
    assert.ok(logLines.length > 0);
    assert.ok(!logLines.some((line) => line.includes(firstAdminPassword!)), 'the password is not logged');

    const second = await startServe(testDb.env);
    try {
      const port = Number((await second.waitFor(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/))[1]);
      await second.waitFor(/Licentia is ready/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    } finally {
      await second.stop();
    }
    assert.doesNotMatch(second.stdout(), /Licentia is set up/);
    assert.ok(!second.stdout().includes(firstAdminPassword!), 'the password is not printed again');
    assert.ok(!second.stdout().includes('password:'));
  });

  test('admin create, then token create --roles vendor_admin prints a lic_ token of the vendor organization', async () => {
    const password = 'operator chosen password 1';
    const admin = await licentia(['admin', 'create', '--email', 'a@example.com', '--password', password], testDb.env);
    assert.equal(admin.status, 0, show(admin));
    assert.match(admin.stdout, /^vendor administrator a@example\.com \(usr_\w+\)\n$/);
    assert.doesNotMatch(admin.stdout, /password/, 'a given password is not echoed');
    const db = testDb.database.db;
    const user = await db.selectFrom('users').selectAll().where('email', '=', 'a@example.com').executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(password, user.password_hash!));

    const created = await licentia(['token', 'create', '--roles', 'vendor_admin', '--name', 'deploy bot'], testDb.env);
    assert.equal(created.status, 0, show(created));
    const token = /^(lic_[A-Za-z0-9_-]{40,})$/m.exec(created.stdout)?.[1];
    assert.ok(token, created.stdout);
    const vendorId = await findVendorOrganizationId(db);
    assert.ok(vendorId);
    const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
    assert.equal(row.organization_id, vendorId);
    assert.equal(row.name, 'deploy bot');
    assert.deepEqual(JSON.parse(row.roles), ['vendor_admin']);
    assert.equal(row.expires_at, null);
    assert.match(created.stdout, new RegExp(`^token ${row.id} for ${vendorId} \\(vendor_admin\\)$`, 'm'));

    const expiring = await licentia(['token', 'create', '--roles', 'support_agent', '--expires-in-days', '30'], testDb.env);
    assert.equal(expiring.status, 0, show(expiring));
    const expiringToken = /^(lic_\S+)$/m.exec(expiring.stdout)![1]!;
    const expiringRow = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(expiringToken)).executeTakeFirstOrThrow();
    const days = (Date.parse(expiringRow.expires_at!) - Date.parse(expiringRow.created_at)) / 86_400_000;
    assert.equal(days, 30);
    assert.equal((await licentia(['token', 'create', '--roles', 'vendor_admin', '--expires-in-days', '0'], testDb.env)).status, 2);
  });

  test('admin create without --password prints a generated one, which is the account\'s password', async () => {
    const run = await licentia(['admin', 'create', '--email', 'b@example.com'], testDb.env);
    assert.equal(run.status, 0, show(run));
    const password = /^password: (\S+)$/m.exec(run.stdout)?.[1];
    assert.ok(password, run.stdout);
    const user = await testDb.database.db.selectFrom('users').selectAll().where('email', '=', 'b@example.com').executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(password, user.password_hash!));
    assert.equal((await licentia(['admin', 'create'], testDb.env)).status, 2, '--email is required');

    // The same email again: refused, in the operator's language, and the password is unchanged.
    for (const [lang, pattern] of [['en_US.UTF-8', /already exists/], ['ja_JP.UTF-8', /すでに存在します/]] as const) {
      const again = await licentia(['admin', 'create', '--email', 'b@example.com'], { ...testDb.env, LANG: lang });
      assert.equal(again.status, 1, show(again));
      assert.match(again.stderr, /^ADMIN_ALREADY_EXISTS: /);
      assert.match(again.stderr, pattern);
      assert.doesNotMatch(again.stdout, /password/);
    }
    const after = await testDb.database.db.selectFrom('users').selectAll().where('email', '=', 'b@example.com').executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(password, after.password_hash!), 'the first password still works');
  });
});

