// Benchmark: outbox delivery rate. Events already in the outbox are fanned out and delivered by
// the notification workers' own functions (the code `licentia serve` runs, called in a loop
// rather than on its 1-second ticks): mail to a local SMTP peer (smtp-server), webhooks to a
// local HTTP receiver. Beside each, measured in the same run against the same peer, the
// baseline: raw nodemailer sends of an already rendered mail over one pooled connection (what
// the mail worker does per message, without the outbox, rendering or records), and raw fetch
// POSTs of the same body at the worker's concurrency (16), without signing or records.
//
//   npm run bench:delivery                                   SQLite (a temporary file)
//   BENCH_DATABASE_URL=postgres://… npm run bench:delivery   and PostgreSQL (a temporary schema)
//   BENCH_MAILS=2000 BENCH_WEBHOOKS=5000 BENCH_MAIL_LANES=1  sizes; mail workers side by side
//   BENCH_QUICK=1                                            100 mails, 300 webhooks (`npm run bench -- --quick`)
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../packages/server/src/config.ts';
import { systemClock } from '../packages/server/src/clock.ts';
import type { Database } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { inTransaction } from '../packages/server/src/db/transaction.ts';
import { Failpoints } from '../packages/server/src/failpoints.ts';
import type { DeliveryContext } from '../packages/server/src/modules/notifications/deliveries.ts';
import { fanOutBatch } from '../packages/server/src/modules/notifications/fanout.ts';
import { renderEmail } from '../packages/server/src/modules/notifications/templates/index.ts';
import { SAMPLES } from '../packages/server/src/modules/notifications/templates/testing.ts';
import { createPerson, createTestEndpoint, createTestSubscription } from '../packages/server/src/modules/notifications/test-fixtures.ts';
import { drainEmail } from '../packages/server/src/modules/notifications/workers.ts';
import { enqueueEvent } from '../packages/server/src/modules/outbox/outbox.ts';
import { deliverWebhookBatch, webhookBody } from '../packages/server/src/modules/webhooks/delivery.ts';
import { secretsFromMaster } from '../packages/server/src/security/secrets.ts';
import { createOrg } from '../packages/server/test/support/fixtures.ts';
import { onEachBenchDatabase } from './support/databases.ts';
import { commandFor, publish, QUICK, table } from './support/report.ts';

const MAILS = Number(process.env.BENCH_MAILS ?? (QUICK ? 100 : 2000));
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? (QUICK ? 300 : 5000));
const MAIL_LANES = Number(process.env.BENCH_MAIL_LANES ?? 1);
const ADMINS = 10;
const ENDPOINTS = 5;
const WEBHOOK_CONCURRENCY = 16;

// The peer and the receiver count what arrives; both live in this process, as in the tests.
let mailsReceived = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      mailsReceived++;
      callback();
    });
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
let hooksReceived = 0;
const receiver = createHttpServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    hooksReceived++;
    response.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

async function drain(batch: () => Promise<number>): Promise<void> {
  while ((await batch()) > 0);
}

async function seconds(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

async function measure(label: string, database: Database, dataDir: string) {
  await migrateToLatest(database);
  const ctx: DeliveryContext = {
    config: { ...loadConfig({ LICENTIA_DATA_DIR: dataDir }), smtp: { url: smtpUrl }, logLevel: 'warn' },
    database,
    clock: systemClock,
    secrets: secretsFromMaster(randomBytes(32), 'bench'),
    failpoints: new Failpoints(),
  };
  const fixture = { ctx, clock: systemClock };
  const orgId = (await createOrg(fixture, { name: 'ベンチ株式会社' })).id;
  for (let i = 0; i < ADMINS; i++) await createPerson(fixture, orgId, ['global_admin'], i % 2 ? 'en' : 'ja');
  const { subscriptionId, endDate } = await createTestSubscription(fixture, orgId);
  const emit = (count: number, type: string, payload: Record<string, unknown>) =>
    inTransaction(database.db, async (tx) => {
      for (let i = 0; i < count; i++) await enqueueEvent(tx, systemClock.now(), { organizationId: orgId, type, payload });
    });
  const fanOut = () => drain(() => fanOutBatch(database.db, database.dialect, systemClock.now()));

  // Mail: each redemption event → one mail per admin, rendered in the admin's language.
  await emit(MAILS / ADMINS, 'redemption.completed', {
    cartId: 'crt_bench', organizationCreated: false,
    effects: [{ effect: 'subscription_created', subscriptionId, seats: 25, startDate: endDate, endDate, last5: 'BENCH' }],
  });
  mailsReceived = 0;
  const mailSeconds = await seconds(async () => {
    await fanOut();
    // A worker run stops after a bounded number of batches; the next tick goes on.
    await Promise.all(Array.from({ length: MAIL_LANES }, () => drain(() => drainEmail(ctx))));
  });
  if (mailsReceived !== MAILS) throw new Error(`${mailsReceived} of ${MAILS} mails arrived`);

  const rendered = renderEmail(SAMPLES.redemption_confirmed[0], 'ja');
  const transporter = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 1 });
  mailsReceived = 0;
  const rawMailSeconds = await seconds(async () => {
    for (let i = 0; i < MAILS; i++) {
      await transporter.sendMail({
        from: ctx.config.mailFrom, to: 'admin@example.com', subject: rendered.subject, text: rendered.text, html: rendered.html,
        messageId: `<bench.${i}@localhost>`,
      });
    }
  });
  transporter.close();

  // Webhooks: each event → one POST per endpoint (a webhook-only type: no mail).
  for (let i = 0; i < ENDPOINTS; i++) await createTestEndpoint(fixture, orgId, receiverUrl);
  await emit(WEBHOOKS / ENDPOINTS, 'subscription.seats_added', { subscriptionId, added: 5, seats: 30, source: 'key' });
  hooksReceived = 0;
  const hookSeconds = await seconds(async () => {
    await fanOut();
    await drain(() => deliverWebhookBatch(ctx));
  });
  if (hooksReceived !== WEBHOOKS) throw new Error(`${hooksReceived} of ${WEBHOOKS} webhooks arrived`);

  const body = webhookBody({ id: 'evt_bench', type: 'subscription.seats_added', occurred_at: new Date().toISOString(), organization_id: orgId, payload: JSON.stringify({ subscriptionId, added: 5, seats: 30, source: 'key' }) });
  let next = 0;
  const rawHookSeconds = await seconds(async () => {
    await Promise.all(
      Array.from({ length: WEBHOOK_CONCURRENCY }, async () => {
        while (next++ < WEBHOOKS) {
          const response = await fetch(receiverUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          await response.arrayBuffer();
        }
      }),
    );
  });
  await database.close();
  return {
    label,
    mail: MAILS / mailSeconds,
    rawMail: MAILS / rawMailSeconds,
    hooks: WEBHOOKS / hookSeconds,
    rawHooks: WEBHOOKS / rawHookSeconds,
  };
}

const results = await onEachBenchDatabase(measure);
smtp.close();
receiver.close();
const body = `Events already in the outbox are fanned out and delivered by the workers' own functions
(\`fanOutBatch\`, \`drainEmail\`, \`deliverWebhookBatch\` in \`packages/server/src/modules/notifications/\`
and \`modules/webhooks/\`: what \`licentia serve\` runs on its 1-second ticks, called in a loop), and
the time is taken from the first fan-out to the last record. **Mail**: ${(MAILS / ADMINS).toLocaleString('en')} \`redemption.completed\`
events × ${ADMINS} global admins (half \`ja\`, half \`en\`) = ${MAILS.toLocaleString('en')} mails, each written from the database
(event, recipient, organization, subscription, plan), rendered (text + HTML), sent to a local
SMTP peer (\`smtp-server\`) and recorded, one at a time per worker; ${MAIL_LANES} mail worker${MAIL_LANES === 1 ? '' : 's'}. **Webhooks**:
${(WEBHOOKS / ENDPOINTS).toLocaleString('en')} webhook-only events × ${ENDPOINTS} endpoints = ${WEBHOOKS.toLocaleString('en')} signed POSTs to a local \`node:http\` receiver,
${WEBHOOK_CONCURRENCY} at a time, outcomes recorded in batches. The **baselines**, measured in the same run against
the same peer and receiver: ${MAILS.toLocaleString('en')} raw \`nodemailer\` sends of an already rendered mail of the same
template over one pooled connection, one after another (what the mail worker does per message,
without the outbox, rendering or records); and ${WEBHOOKS.toLocaleString('en')} raw \`fetch\` POSTs of the same body,
${WEBHOOK_CONCURRENCY} at a time, unsigned and unrecorded. Peer and receiver run in the benchmark's process, as in
the tests. No target: figures only. (\`BENCH_MAILS\`, \`BENCH_WEBHOOKS\` change the sizes and
\`BENCH_MAIL_LANES\` runs that many mail workers side by side.)

${table(
  ['database', 'mail: outbox msg/s', 'baseline: raw nodemailer msg/s', 'ratio', 'webhooks: outbox msg/s', 'baseline: raw fetch msg/s', 'ratio'],
  results.map((r) => [r.label, Math.round(r.mail), Math.round(r.rawMail), r.mail / r.rawMail, Math.round(r.hooks), Math.round(r.rawHooks), r.hooks / r.rawHooks]),
)}`;
publish({ title: 'Outbox delivery: mail and webhooks', command: commandFor('delivery'), body, targets: [] });
