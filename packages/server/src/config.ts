// Every setting comes from the environment, is validated once at start, and is documented in
// the README's configuration table. Bad configuration stops the server with a clear message.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:web` puts the portal, in this checkout. */
const BUILT_PORTAL_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The most server processes one `licentia serve` runs (`--processes`, LICENTIA_PROCESSES). */
export const MAX_PROCESSES = 64;

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL when set; otherwise the embedded SQLite file `<dataDir>/licentia.db`. */
  databaseUrl: string | undefined;
  secret: string | undefined;
  logLevel: string;
  publicUrl: string;
  cookieSecure: boolean;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  signInLimitPerMinute: number;
  databasePoolSize: number;
  /** Failed product-key entries allowed per client address and per organization in 10 minutes. */
  keyEntryFailureLimit: number;
  /** The first vendor administrator's email, used once on the first start. */
  adminEmail: string;
  /** Run the background workers (sweeper, delivery) in this process. */
  workersEnabled: boolean;
  /** Server processes `licentia serve` runs on the port (LICENTIA_PROCESSES; `--processes` wins). */
  processes: number;
  /** The license signing key set as JSON (LICENTIA_LICENSE_SIGNING_KEYS); unset: generated in the data directory. */
  licenseSigningKeys: string | undefined;
  /** Hours from a license file's issue to its refresh-by (capped at the license's next state change). */
  licenseRefreshHours: number;
  /** Hours a license file stays valid offline after its refresh-by. */
  licenseOfflineGraceHours: number;
  /** New devices per license per day, at least (a license may always fill its device limit in a day). */
  activationVelocityPerDay: number;
  /** Online validations per license per minute. */
  validationLimitPerMinute: number;
  /** Where mail goes; undefined: into `<dataDir>/mail/` as .eml files (notifications). */
  smtp: SmtpConfig | undefined;
  /** The From of every notification mail. */
  mailFrom: string;
  /** Attempts per delivery (mail or webhook) before it becomes a dead letter. */
  deliveryMaxAttempts: number;
  /** How long a webhook receiver has to answer. */
  webhookTimeoutMs: number;
  /** The built portal served at `/` (packages/web/dist unless LICENTIA_PORTAL_DIR says otherwise). */
  portalDir: string;
  /** Orders and payments (modules/billing). */
  billing: BillingConfig;
  /** Hours a reactivation code issued by support stays redeemable. */
  reactivationCodeTtlHours: number;
  /** Failed reactivation codes allowed per license and per client address in an hour. */
  reactivationCodeFailureLimit: number;
  /** Largest file accepted for a support case (proof of purchase, repair report), in bytes. */
  attachmentMaxBytes: number;
}

export interface BillingConfig {
  /** Who captures card payments: a local test provider (development), or Stripe. */
  cardProvider: 'test' | 'stripe';
  stripe: { apiBase: string; secretKey: string | undefined; webhookSecrets: string[] };
}

export type SmtpConfig =
  | { url: string }
  | { host: string; port: number; secure: boolean; user: string | undefined; password: string | undefined };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, not "${raw}"`);
}

function billingConfig(env: NodeJS.ProcessEnv): BillingConfig {
  const cardProvider = env.LICENTIA_CARD_PROVIDER || 'test';
  if (cardProvider !== 'test' && cardProvider !== 'stripe') throw new ConfigError('LICENTIA_CARD_PROVIDER must be test or stripe');
  const apiBase = env.LICENTIA_STRIPE_API_BASE || 'https://api.stripe.com';
  if (!/^https?:\/\/[^/]/.test(apiBase)) throw new ConfigError('LICENTIA_STRIPE_API_BASE must be an http(s) URL');
  const secretKey = env.LICENTIA_STRIPE_SECRET_KEY || undefined;
  // Several secrets during a rotation of the webhook endpoint's signing secret, comma-separated.
  const webhookSecrets = (env.LICENTIA_STRIPE_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (cardProvider === 'stripe' && (!secretKey || webhookSecrets.length === 0)) {
    throw new ConfigError('LICENTIA_CARD_PROVIDER=stripe needs LICENTIA_STRIPE_SECRET_KEY and LICENTIA_STRIPE_WEBHOOK_SECRET');
  }
  return {
    cardProvider,
    stripe: { apiBase: apiBase.replace(/\/+$/, ''), secretKey, webhookSecrets },
  };
}

function smtpConfig(env: NodeJS.ProcessEnv): SmtpConfig | undefined {
  const url = env.LICENTIA_SMTP_URL || undefined;
  const host = env.LICENTIA_SMTP_HOST || undefined;
  if (url && host) throw new ConfigError('set LICENTIA_SMTP_URL or LICENTIA_SMTP_HOST, not both');
  if (url) {
    if (!/^smtps?:\/\/[^/]/.test(url)) throw new ConfigError('LICENTIA_SMTP_URL must be an smtp:// or smtps:// URL');
    return { url };
  }
  if (!host) return undefined;
  const port = integer(env, 'LICENTIA_SMTP_PORT', 587, 1, 65535);
  return {
    host,
    port,
    // Implicit TLS on 465 (RFC 8314); elsewhere STARTTLS whenever the server offers it.
    secure: flag(env, 'LICENTIA_SMTP_SECURE', port === 465),
    user: env.LICENTIA_SMTP_USER || undefined,
    password: env.LICENTIA_SMTP_PASSWORD || undefined,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const publicUrl = env.LICENTIA_PUBLIC_URL || `http://localhost:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`LICENTIA_PUBLIC_URL must be an absolute URL, not "${publicUrl}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  return {
    host,
    port,
    dataDir: resolve(env.LICENTIA_DATA_DIR || 'data'),
    databaseUrl,
    secret: env.LICENTIA_SECRET || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    publicUrl,
    cookieSecure: flag(env, 'LICENTIA_COOKIE_SECURE', publicUrl.startsWith('https:')),
    sessionTtlHours: integer(env, 'LICENTIA_SESSION_TTL_HOURS', 12, 1, 24 * 90),
    bodyLimitBytes: integer(env, 'LICENTIA_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    trustProxy: flag(env, 'LICENTIA_TRUST_PROXY', false),
    signInLimitPerMinute: integer(env, 'LICENTIA_SIGN_IN_LIMIT_PER_MINUTE', 5, 1, 10_000),
    databasePoolSize: integer(env, 'LICENTIA_DATABASE_POOL_SIZE', 10, 1, 1000),
    keyEntryFailureLimit: integer(env, 'LICENTIA_KEY_ENTRY_FAILURE_LIMIT', 10, 1, 100_000),
    adminEmail: env.LICENTIA_ADMIN_EMAIL || 'admin@example.com',
    workersEnabled: flag(env, 'LICENTIA_WORKERS', true),
    processes: integer(env, 'LICENTIA_PROCESSES', 1, 1, MAX_PROCESSES),
    licenseSigningKeys: env.LICENTIA_LICENSE_SIGNING_KEYS || undefined,
    licenseRefreshHours: integer(env, 'LICENTIA_LICENSE_REFRESH_HOURS', 30 * 24, 1, 366 * 24),
    licenseOfflineGraceHours: integer(env, 'LICENTIA_LICENSE_OFFLINE_GRACE_HOURS', 7 * 24, 0, 30 * 24),
    activationVelocityPerDay: integer(env, 'LICENTIA_ACTIVATION_VELOCITY_PER_DAY', 10, 1, 1_000_000),
    validationLimitPerMinute: integer(env, 'LICENTIA_VALIDATION_LIMIT_PER_MINUTE', 60, 1, 10_000_000),
    smtp: smtpConfig(env),
    mailFrom: env.LICENTIA_MAIL_FROM || `Licentia <no-reply@${new URL(publicUrl).hostname}>`,
    deliveryMaxAttempts: integer(env, 'LICENTIA_DELIVERY_MAX_ATTEMPTS', 12, 1, 100),
    webhookTimeoutMs: integer(env, 'LICENTIA_WEBHOOK_TIMEOUT_SECONDS', 10, 1, 120) * 1000,
    portalDir: env.LICENTIA_PORTAL_DIR ? resolve(env.LICENTIA_PORTAL_DIR) : BUILT_PORTAL_DIR,
    billing: billingConfig(env),
    reactivationCodeTtlHours: integer(env, 'LICENTIA_REACTIVATION_CODE_TTL_HOURS', 72, 1, 30 * 24),
    reactivationCodeFailureLimit: integer(env, 'LICENTIA_REACTIVATION_CODE_FAILURE_LIMIT', 5, 1, 1000),
    attachmentMaxBytes: integer(env, 'LICENTIA_ATTACHMENT_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
  };
}
