// Where mail goes: an SMTP server (nodemailer) when one is configured, otherwise .eml files in
// `<dataDir>/mail/`, so a newcomer who runs Licentia without any setup can open every mail it
// would have sent in a mail client or a text editor.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`, the same on every attempt of the same (event, recipient). */
  messageId: string;
  date: Date;
  headers: Record<string, string>;
}

export interface SendResult {
  /** The SMTP reply code, when there was one. */
  status?: number | undefined;
  response: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'folder';
  send(mail: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** The folder mail goes to when no SMTP server is configured. */
export function mailDropDirectory(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'mail');
}

/** A pool of one connection, opened for a batch: messages go one after another on it. */
export function openMailTransport(config: Pick<Config, 'smtp' | 'dataDir'>): MailTransport {
  const smtp = config.smtp;
  if (!smtp) return folderTransport(mailDropDirectory(config));
  const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
  const options =
    'url' in smtp
      ? { url: smtp.url, pool: true as const, maxConnections: 1, ...timeouts }
      : {
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
          pool: true as const,
          maxConnections: 1,
          ...timeouts,
        };
  const transporter = nodemailer.createTransport(options);
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail));
      const reply = String(info.response ?? '');
      return { status: Number(/^\d{3}/.exec(reply)?.[0]) || undefined, response: reply };
    },
    close: () => transporter.close(),
  };
}

function toNodemailer(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    headers: mail.headers,
    // The content is ours, but a template bug must never turn into reading a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * One file per (event, recipient), named after its Message-ID and written by rename: a retry
 * replaces the file instead of adding a second one, so the folder holds each mail exactly once
 * even across a crash between writing and recording.
 */
function folderTransport(directory: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'folder',
    async send(mail) {
      const info = await composer.sendMail(toNodemailer(mail));
      mkdirSync(directory, { recursive: true });
      const name = `${mail.messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
      const path = join(directory, name);
      const partial = `${path}.partial-${process.pid}`;
      writeFileSync(partial, info.message as Buffer, { mode: 0o600 });
      renameSync(partial, path);
      return { response: `written to ${path}` };
    },
    close: () => composer.close(),
  };
}

/** The domain of the From address (RFC 5322 Message-IDs end in the sender's domain). */
export function messageIdDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'licentia.invalid';
}

/** Derived, never random: every attempt of (event, recipient) carries the same Message-ID. */
export function messageIdFor(eventId: string, recipientId: string, from: string): string {
  return `<${eventId}.${recipientId}@${messageIdDomain(from)}>`;
}
