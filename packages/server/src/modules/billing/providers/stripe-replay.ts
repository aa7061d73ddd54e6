// Test support only: a local HTTP server that plays Stripe from recorded exchanges
// (fixtures/stripe/*.json, written from Stripe's documented request and response formats), so
// the real adapter is exercised over real HTTP without the internet. Each exchange names the
// request it expects (method, path, every form field); the server checks the request the adapter
// sent against it, answers the recorded response, and keeps what it received for assertions.
// Fixtures are templates: {{name}} takes a value of the request (the order's id, amount…), and
// "{{name:number}}" the same as a JSON number.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '../../webhooks/signature.ts';

const FIXTURES = new URL('./fixtures/stripe/', import.meta.url);

export function readFixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as T;
}

/** Fills {{name}} placeholders; "{{name:number}}" becomes a number. */
export function fillTemplate(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{(\w+):number\}\}$/.exec(value);
    if (whole) return Number(vars[whole[1]!]);
    return value.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? `{{${name}}}`);
  }
  if (Array.isArray(value)) return value.map((v) => fillTemplate(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTemplate(v, vars)]));
  return value;
}

interface Exchange {
  description: string;
  request: { method: string; path: string; form: Record<string, string> | null };
  response: { status: number; body: unknown };
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
  /** The fixture it was answered from, and whether it matched what the fixture expects. */
  fixture: string;
  mismatch: string | undefined;
}

export interface StripeReplay {
  url: string;
  received: ReceivedRequest[];
  /** The next request is answered from this fixture (queued in order). */
  expect(fixture: string): void;
  close(): Promise<void>;
}

/** The values a request offers its fixture's placeholders. */
function varsOf(form: Record<string, string>): Record<string, string> {
  return {
    amount: form.amount ?? '',
    order_id: form['metadata[order_id]'] ?? '',
    organization_id: form['metadata[organization_id]'] ?? '',
    order_number: form['metadata[order_number]'] ?? '',
    payment_intent: form.payment_intent ?? '',
    // Stripe's ids are unique per PaymentIntent: recorded ids end with the order's, so two
    // orders paid in one test run never share one.
    order_tag: (form['metadata[order_id]'] ?? '').slice(-10),
  };
}

export async function startStripeReplay(): Promise<StripeReplay> {
  const queue: string[] = [];
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const name = queue.shift();
      const path = (request.url ?? '').split('?')[0]!;
      if (!name) {
        received.push({ method: request.method ?? '', path, headers: request.headers, form, fixture: '(none)', mismatch: 'no exchange was expected' });
        response.writeHead(500).end();
        return;
      }
      const exchange = readFixture<Exchange>(name);
      const vars = varsOf(form);
      let mismatch: string | undefined;
      if (request.method !== exchange.request.method || path !== exchange.request.path) mismatch = `${request.method} ${path} instead of ${exchange.request.method} ${exchange.request.path}`;
      else if (exchange.request.form && JSON.stringify(fillTemplate(exchange.request.form, vars)) !== JSON.stringify(form)) {
        mismatch = `form ${JSON.stringify(form)} instead of ${JSON.stringify(fillTemplate(exchange.request.form, vars))}`;
      }
      received.push({ method: request.method ?? '', path, headers: request.headers, form, fixture: name, mismatch });
      if (mismatch) {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type: 'invalid_request_error', message: mismatch } }));
        return;
      }
      response.writeHead(exchange.response.status, { 'content-type': 'application/json', 'request-id': `req_replay${received.length}` });
      response.end(JSON.stringify(fillTemplate(exchange.response.body, vars)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    expect: (fixture) => queue.push(fixture),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A webhook delivery of an event fixture, filled and signed as Stripe signs (pretty JSON body). */
export function signedEvent(fixture: string, vars: Record<string, string>, secret: string, timestamp: number): { body: string; header: string } {
  const body = JSON.stringify(fillTemplate(readFixture(fixture), vars), null, 2);
  return { body, header: signWebhook({ body, secrets: [secret], timestamp }) };
}
