// The Ed25519 key ring that signs license files and validation responses (SPEC §6, §10).
//
// Why this shape:
// - Keys are kept as private JWKs in one JSON document, `<dataDir>/license-signing-keys.json`
//   (mode 0600), generated on first start, or given whole in configuration
//   (LICENTIA_LICENSE_SIGNING_KEYS). Several servers sharing one database must use the
//   configured form, exactly as with LICENTIA_SECRET: each would otherwise mint its own keys.
// - Exactly one key is `active` and signs new files. Rotation adds a new active key and marks
//   the previous one `retired`: it signs nothing more but stays in the published JWKS, so files
//   it signed keep verifying until they expire. Only then may it be removed (`pruneRetired`).
// - The kid is the RFC 7638 thumbprint of the public key: stable, derivable by anyone holding
//   the public key, and it cannot collide between different keys.
// - The private part (`d`) exists only in this module's memory and the 0600 file; every view
//   that leaves it (`publicJwks`, `keys`) is built field by field from public members, never by
//   deleting `d` from a copy, so a future JWK member cannot leak by accident.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Temporal } from 'temporal-polyfill';
import { systemClock } from '../../clock.ts';
import { createPrivateFileExclusively, replacePrivateFile } from '../../security/private-files.ts';
import { generateSigningKeySet, importDocument, rotateSigningKeySet, SigningKeysError } from './signing-key-document.ts';
import type {
  ActiveSigningKey,
  ImportedKeys,
  LicenseSigningKeys,
  PublicSigningJwk,
  SigningKeyInfo,
  SigningKeySetDocument,
  SigningKeyStatus,
} from './signing-key-document.ts';

export { generateSigningKeySet, jwkThumbprint, rotateSigningKeySet, SigningKeysError } from './signing-key-document.ts';
export type {
  ActiveSigningKey,
  LicenseSigningKeys,
  PrivateEd25519Jwk,
  PublicSigningJwk,
  SigningKeyInfo,
  SigningKeySetDocument,
  SigningKeyStatus,
  StoredSigningKey,
} from './signing-key-document.ts';

export const SIGNING_KEYS_FILE = 'license-signing-keys.json';
export const SIGNING_KEYS_ENV = 'LICENTIA_LICENSE_SIGNING_KEYS';

const serialized = (document: SigningKeySetDocument) => JSON.stringify(document, null, 2) + '\n';

function readDocument(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new SigningKeysError(`license signing keys from ${path}: not valid JSON`);
  }
}

export class SigningKeyRing implements LicenseSigningKeys {
  /** Where the keys came from, for the start-up log. */
  readonly source: string;
  readonly #path: string | undefined;
  #keys: ImportedKeys;

  constructor(document: unknown, options: { source: string; path?: string }) {
    this.source = options.source;
    this.#path = options.path;
    this.#keys = importDocument(document, options.source);
  }

  activeSigningKey(): ActiveSigningKey {
    for (const { stored, privateKey } of this.#keys.values()) {
      if (stored.status === 'active') return { kid: stored.kid, privateKey };
    }
    // importDocument guarantees one active key; reaching here is a bug.
    throw new SigningKeysError('no active license signing key');
  }

  /** Every key still published: active first, then retired, newest first. */
  keys(): SigningKeyInfo[] {
    return this.#ordered().map(({ stored }) => {
      const info: SigningKeyInfo = { kid: stored.kid, createdAt: stored.createdAt, status: stored.status };
      if (stored.retiredAt !== undefined) info.retiredAt = stored.retiredAt;
      return info;
    });
  }

  /** The JWKS to publish: public members only, built field by field. */
  publicJwks(): { keys: PublicSigningJwk[] } {
    return {
      keys: this.#ordered().map(({ stored }) => ({
        kty: 'OKP',
        crv: 'Ed25519',
        x: stored.jwk.x,
        kid: stored.kid,
        alg: 'EdDSA',
        use: 'sig',
      })),
    };
  }

  /**
   * Adds a new active key and retires the current one; file-backed rings save the result.
   * Configured rings refuse: the configuration is the source of truth and would bring the old
   * keys back at the next start (and other servers would never see the new key).
   */
  rotate(now: Temporal.Instant): SigningKeyInfo {
    // Start from the file, not memory: another process (the CLI) may have rotated since this
    // ring was loaded, and writing our stale copy would drop the key it added.
    if (this.#path !== undefined) this.#keys = importDocument(readDocument(this.#path), this.source);
    this.#replace(rotateSigningKeySet(this.#document(), now));
    const active = this.keys()[0];
    if (!active) throw new SigningKeysError('rotation produced no key');
    return active;
  }

  /**
   * Removes retired keys whose files have all expired: a key retired at R signed its last file
   * before R, and no file lives longer than `maxFileLifetimeSeconds` (refresh-by plus offline
   * grace), so after R + lifetime nothing verifiable depends on it. Returns the removed kids.
   */
  pruneRetired(now: Temporal.Instant, maxFileLifetimeSeconds: number): string[] {
    const cutoff = now.epochMilliseconds - maxFileLifetimeSeconds * 1000;
    const removable = [...this.#keys.values()]
      .filter(({ stored }) => stored.status === 'retired' && Date.parse(stored.retiredAt ?? stored.createdAt) < cutoff)
      .map(({ stored }) => stored.kid);
    for (const kid of removable) this.removeRetired(kid);
    return removable;
  }

  /** Removes one retired key now (e.g. after a compromise): its files stop verifying at once. */
  removeRetired(kid: string): void {
    const key = this.#keys.get(kid);
    if (!key) throw new SigningKeysError(`no license signing key ${kid}`);
    if (key.stored.status === 'active') throw new SigningKeysError('the active key cannot be removed; rotate first');
    const document = this.#document();
    this.#replace({ version: 1, keys: document.keys.filter((stored) => stored.kid !== kid) });
  }

  #ordered() {
    const all = [...this.#keys.values()];
    const rank = (status: SigningKeyStatus) => (status === 'active' ? 0 : 1);
    return all.sort(
      (a, b) => rank(a.stored.status) - rank(b.stored.status) || b.stored.createdAt.localeCompare(a.stored.createdAt),
    );
  }

  #document(): SigningKeySetDocument {
    return { version: 1, keys: [...this.#keys.values()].map(({ stored }) => structuredClone(stored)) };
  }

  #replace(document: SigningKeySetDocument): void {
    if (this.#path === undefined) {
      throw new SigningKeysError(
        `configured license signing keys are changed in ${SIGNING_KEYS_ENV} (produce the new value with rotateSigningKeySet)`,
      );
    }
    const keys = importDocument(document, this.source);
    replacePrivateFile(this.#path, serialized(document));
    this.#keys = keys;
  }
}

export interface LoadSigningKeysOptions {
  dataDir: string;
  /** The JSON document, e.g. from LICENTIA_LICENSE_SIGNING_KEYS; wins over the file when set. */
  configured?: string | undefined;
  /** Creation time stamped on a newly generated key. */
  now?: Temporal.Instant;
}

/**
 * Loads the key ring from configuration, or from the data directory, generating it on first
 * start. Two processes starting together both try to create the file exclusively; the loser
 * reads the winner's keys, so one key set results.
 */
export function loadOrCreateSigningKeys(options: LoadSigningKeysOptions): SigningKeyRing {
  if (options.configured) {
    let document: unknown;
    try {
      document = JSON.parse(options.configured);
    } catch {
      throw new SigningKeysError(`${SIGNING_KEYS_ENV} is not valid JSON`);
    }
    return new SigningKeyRing(document, { source: SIGNING_KEYS_ENV });
  }
  const path = join(options.dataDir, SIGNING_KEYS_FILE);
  if (!existsSync(path)) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    createPrivateFileExclusively(path, serialized(generateSigningKeySet(options.now ?? systemClock.now())));
  }
  // Tighten a file an operator copied in with looser permissions; it holds private keys.
  chmodSync(path, 0o600);
  return new SigningKeyRing(readDocument(path), { source: path, path });
}
