// At-least-once, no duplicates per (event, recipient): `licentia serve` is killed in the middle
// of a batch of mail, then the worker runs again (in this process, on a clock past the dead
// worker's lease, as any worker would after it). Every mail arrives at the real SMTP peer, and
// none twice, except in the one window no SMTP client can close (the server said "250 OK", the
// sender died before recording it): that mail arrives again with the same Message-ID, which is
// how receiving mail systems recognise a retransmission (docs/decisions.md "Notifications").
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Temporal } from 'temporal-polyfill';
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../clock.ts';
import { Failpoints } from '../../failpoints.ts';
import { createOrg } from '../../../test/support/fixtures.ts';
import { CHILD_GUARD_MS, CLI_MAIN, cliEnv, REPO_ROOT, startServe } from '../../../test/support/server-process.ts';
import { createSharedSetup, type SharedSetup } from '../../../test/support/shared-setup.ts';
import { LEASE_MS, type DeliveryContext } from './deliveries.ts';
import { messageIdFor } from './mail-transport.ts';
import { startSmtpPeer, type ReceivedMail, type SmtpPeer } from './testing.ts';
import { createPerson, createTestSubscription, emitEvent, settleOutbox, type Person } from './test-fixtures.ts';
import { deliverAllDue } from './workers.ts';

const FROM = 'Licentia <no-reply@crash.example.com>';
const PUBLIC_URL = 'https://licentia.example.com';
let setup: SharedSetup;
let peer: SmtpPeer;
let onMessage: ((received: readonly ReceivedMail[]) => void) | undefined;
let customerId: string;
let admins: Person[];
let eventIds: string[] = [];

before(async () => {
  setup = await createSharedSetup();
  peer = await startSmtpPeer({ onMessage: (received) => onMessage?.(received) });
  customerId = (await createOrg(setup, { name: 'Crash KK' })).id;
  admins = [];
  for (let i = 0; i < 6; i++) admins.push(await createPerson(setup, customerId, [i % 2 ? 'billing_admin' : 'global_admin'], i % 3 ? 'en' : 'ja'));
});
after(async () => {
  await peer.close();
  await setup.testDatabase.destroy();
});
beforeEach(async () => {
  await settleOutbox(setup);
  peer.received.length = 0;
  onMessage = undefined;
  eventIds = [];
});

/**
 * Three redemptions, six admins: 18 mails, one batch. Returns the Message-IDs expected. (The
 * child's sweeper runs too; subscriptions a year from their end give it nothing to announce.)
 */
async function queueMail(): Promise<string[]> {
  const expected: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { subscriptionId, endDate } = await createTestSubscription(setup, customerId);
    const eventId = await emitEvent(setup, customerId, 'redemption.completed', {
      cartId: `crt_${i}`,
      organizationCreated: false,
      effects: [{ effect: 'subscription_created', subscriptionId, seats: 25, startDate: endDate, endDate, last5: 'CRASH' }],
    });
    eventIds.push(eventId);
    for (const admin of admins) expected.push(messageIdFor(eventId, admin.userId, FROM));
  }
  return expected.sort();
}

const serverEnv = () => ({ ...setup.serverEnv, LICENTIA_SMTP_URL: peer.url, LICENTIA_MAIL_FROM: FROM, LICENTIA_PUBLIC_URL: PUBLIC_URL, LOG_LEVEL: 'warn' });

/** The worker again, after the dead one's lease has run out. */
async function restartWorker(): Promise<void> {
  const ctx: DeliveryContext = {
    config: { ...loadConfig({}), smtp: { url: peer.url }, mailFrom: FROM, publicUrl: PUBLIC_URL },
    database: setup.ctx.database,
    clock: new ManualClock(Temporal.Now.instant().add({ milliseconds: LEASE_MS + 60_000 })),
    secrets: setup.ctx.secrets,
    failpoints: new Failpoints(),
  };
  await deliverAllDue(ctx);
}

function countsByMessageId(received: readonly ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
  return counts;
}

async function states() {
  const rows = await setup.ctx.database.db.selectFrom('deliveries').select('state').where('event_id', 'in', eventIds).where('channel', '=', 'email').execute();
  return rows.reduce<Record<string, number>>((all, r) => ({ ...all, [r.state]: (all[r.state] ?? 0) + 1 }), {});
}

/**
 * A guard against a child that never gets there, not a pause: the test goes on the moment it
 * happens. Generous, because a child boots slowly on a loaded CI machine (two cores shared by
 * four test files and their own children); the suite's 300 s test timeout is the outer bound.
 */
function withinGuard<T>(promise: Promise<T>, what: string): Promise<T> {
  let guard: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (guard = setTimeout(() => reject(new Error(`${what} did not happen`)), CHILD_GUARD_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(guard));
}

describe('the mail worker killed mid-batch', () => {
  test('after a mail was sent and recorded: every mail arrives exactly once', async () => {
    const expected = await queueMail();
    const dying = startServe({ ...serverEnv(), LICENTIA_FAILPOINTS: 'notifications.email.after-record=crash' });
    assert.equal((await withinGuard(dying.exited, 'the crash')).signal, 'SIGKILL');
    assert.equal(peer.received.length, 1, 'it died after its first mail');
    assert.deepEqual(await states(), { delivered: 1, pending: 17 }, 'the rest of its batch is still leased to it');

    await restartWorker();
    assert.deepEqual([...countsByMessageId(peer.received).keys()].sort(), expected);
    assert.ok([...countsByMessageId(peer.received).values()].every((n) => n === 1), 'none twice');
    assert.deepEqual(await states(), { delivered: 18 });
  });

  test('before it sent anything: every mail arrives exactly once', async () => {
    const expected = await queueMail();
    const dying = startServe({ ...serverEnv(), LICENTIA_FAILPOINTS: 'notifications.email.before-send=crash' });
    assert.equal((await withinGuard(dying.exited, 'the crash')).signal, 'SIGKILL');
    assert.equal(peer.received.length, 0);
    await restartWorker();
    assert.deepEqual(peer.received.map((m) => m.messageId).sort(), expected);
  });

  test('between "250 OK" and its record: that one mail comes again, with the same Message-ID and content', async () => {
    const expected = await queueMail();
    const dying = startServe({ ...serverEnv(), LICENTIA_FAILPOINTS: 'notifications.email.after-send=crash' });
    assert.equal((await withinGuard(dying.exited, 'the crash')).signal, 'SIGKILL');
    const inDoubt = peer.received[0]!;
    await restartWorker();
    const counts = countsByMessageId(peer.received);
    assert.deepEqual([...counts.keys()].sort(), expected, 'every mail arrived');
    assert.deepEqual([...counts.entries()].filter(([, n]) => n > 1), [[inDoubt.messageId, 2]], 'only the mail in doubt, once more');
    const again = peer.received.filter((m) => m.messageId === inDoubt.messageId)[1]!;
    assert.deepEqual([again.subject, again.text, again.html, again.headers.get('date')], [inDoubt.subject, inDoubt.text, inDoubt.html, inDoubt.headers.get('date')]);
    assert.deepEqual(await states(), { delivered: 18 });
  });

  test('by SIGKILL at an arbitrary moment: every mail arrives, at most one of them twice', async () => {
    const expected = await queueMail();
    const child = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      cwd: REPO_ROOT,
      env: cliEnv({ ...serverEnv(), PORT: '0', HOST: '127.0.0.1' }),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Mid-batch, and not in step with any record: a few milliseconds after the fourth mail.
    onMessage = (received) => {
      if (received.length === 4) setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 5));
    };
    assert.equal(await withinGuard(exited, 'the kill'), 'SIGKILL');
    const beforeRestart = peer.received.length;
    assert.ok(beforeRestart >= 4 && beforeRestart < expected.length, `killed mid-batch (${beforeRestart} sent)`);
    await restartWorker();
    const counts = countsByMessageId(peer.received);
    assert.deepEqual([...counts.keys()].sort(), expected);
    const twice = [...counts.values()].filter((n) => n > 1);
    assert.ok(twice.length <= 1 && twice.every((n) => n === 2), `duplicates: ${JSON.stringify(twice)}`);
    assert.deepEqual(await states(), { delivered: 18 });
  });
});
