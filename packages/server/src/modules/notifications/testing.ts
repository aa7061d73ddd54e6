// Test support only: a real SMTP server and a real HTTP receiver in the test process, and a
// small reader for the MIME mail nodemailer writes (headers with RFC 2047 words, multipart
// bodies in base64 or quoted-printable), so tests assert on what a mail client would show.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  headers: Map<string, string>;
  messageId: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpPeer {
  url: string;
  /** Every message as it arrived, duplicates included. */
  received: ReceivedMail[];
  /** Makes the peer answer DATA with this code (e.g. 451, 550); undefined accepts. */
  refuseWith(code: number | undefined): void;
  close(): Promise<void>;
}

/** `onMessage` runs after each accepted message (a test may kill the sender from there). */
export async function startSmtpPeer(options: { onMessage?: (received: readonly ReceivedMail[]) => void } = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  let refusal: number | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusal !== undefined) {
          const error = Object.assign(new Error(`refused by the test peer (${refusal})`), { responseCode: refusal });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        received.push({ ...parseMail(raw), envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) } });
        callback();
        options.onMessage?.(received);
      });
    },
  });
  // A sender killed mid-session (the crash tests do it on purpose) resets its connection: the
  // server reports that as an 'error' event, which unheard would crash the test process. What
  // arrived, and what did not, is what the tests judge.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuseWith: (code) => {
      refusal = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Reads a message into decoded headers, subject, text and HTML. */
export function parseMail(raw: string): Omit<ReceivedMail, 'envelope'> {
  const part = parsePart(raw);
  const bodies = leaves(part);
  return {
    raw,
    headers: part.headers,
    messageId: part.headers.get('message-id') ?? '',
    subject: part.headers.get('subject') ?? '',
    text: bodies.find((b) => b.type === 'text/plain')?.body ?? '',
    html: bodies.find((b) => b.type === 'text/html')?.body ?? '',
  };
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(raw: string): Part {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function leaves(part: Part): { type: string; body: string }[] {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = part.body.split(`--${boundary}`).slice(1);
    return sections.filter((s) => !s.startsWith('--')).flatMap((s) => leaves(parsePart(s.replace(/^\r?\n/, ''))));
  }
  return [{ type: type.split(';')[0]!.trim().toLowerCase(), body: decodeBody(part.body, part.headers.get('content-transfer-encoding') ?? '7bit') }];
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return qpBytes(body.replace(/=\r?\n/g, '')).toString('utf8');
    default:
      return body;
  }
}

function qpBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words; whitespace between two of them is not part of the text. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qpBytes(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  /** The raw bytes, as a receiver must verify them. */
  body: Buffer;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** The status the next requests get (200 by default); `hang` never answers. */
  respondWith(status: number | 'hang'): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let status: number | 'hang' = 200;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks) });
      if (status === 'hang') return;
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'internal details a sender must not store');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    respondWith: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
