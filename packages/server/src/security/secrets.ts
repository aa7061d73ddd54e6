// The server's master secret, and the purpose-bound keys derived from it (HKDF), so that no key
// serves two purposes. It is generated on first start into the data directory (mode 0600), or
// given by LICENTIA_SECRET, which several servers sharing one PostgreSQL database must do.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hkdfSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createPrivateFileExclusively } from './private-files.ts';

export type SecretPurpose =
  | 'idempotency-seal'
  | 'csrf'
  | 'product-key-hmac'
  | 'key-batch-seal'
  | 'webhook-secret-seal'
  | 'delegation-acceptance'
  | 'reactivation-code-hmac';

export interface ServerSecrets {
  derive(purpose: SecretPurpose): Buffer;
  /** Where the master secret came from, for the start-up log (never the secret itself). */
  readonly source: string;
}

const SECRET_FILE = 'secret.key';
const MIN_SECRET_BYTES = 32;

export function secretsFromMaster(master: Buffer, source: string): ServerSecrets {
  if (master.length < MIN_SECRET_BYTES) throw new Error(`the server secret must be at least ${MIN_SECRET_BYTES} bytes`);
  const cache = new Map<SecretPurpose, Buffer>();
  return {
    source,
    derive(purpose) {
      let key = cache.get(purpose);
      if (!key) {
        key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `licentia:${purpose}`, 32));
        cache.set(purpose, key);
      }
      return key;
    },
  };
}

/** LICENTIA_SECRET is base64 (or base64url) of at least 32 random bytes. */
export function loadServerSecrets(options: { configured?: string | undefined; dataDir: string }): ServerSecrets {
  if (options.configured) return secretsFromMaster(Buffer.from(options.configured, 'base64'), 'LICENTIA_SECRET');
  const path = join(options.dataDir, SECRET_FILE);
  if (!existsSync(path)) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    // Of processes starting together, one creates it and the others read theirs.
    createPrivateFileExclusively(path, randomBytes(32).toString('base64') + '\n');
  }
  // Tighten a file an operator copied in with looser permissions.
  chmodSync(path, 0o600);
  return secretsFromMaster(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'), path);
}
