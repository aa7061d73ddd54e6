// Where the SDK keeps its state between runs: the license file, the trusted-time high-water
// mark, the cached JWKS. Apps plug in their own (OS keychain, registry, app settings); a
// memory store and a JSON-file store are provided.
//
// Nothing here is secret (the license file is signed, not encrypted), but the high-water mark
// is only as tamper-resistant as the storage: a user who can edit or delete it can reset the
// rollback guard. Apps that care should use storage the user cannot easily write.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

export interface LicenseStorage {
  get(key: string): Promise<string | undefined> | string | undefined;
  set(key: string, value: string): Promise<void> | void;
}

export class MemoryStorage implements LicenseStorage {
  readonly #values = new Map<string, string>();

  get(key: string): string | undefined {
    return this.#values.get(key);
  }

  set(key: string, value: string): void {
    this.#values.set(key, value);
  }
}

/**
 * A JSON object in one file. Every read goes to the file (another process of the same app may
 * have written it); writes in this process are queued and land whole (temporary file, then
 * rename), so a crash leaves the old or the new content, never a mix. A file that is not a
 * JSON object of strings reads as empty: deleting it has the same effect, so refusing to
 * start would protect nothing and only strand the user.
 */
export class FileStorage implements LicenseStorage {
  readonly path: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.path = path;
  }

  async get(key: string): Promise<string | undefined> {
    await this.#queue.catch(() => undefined);
    return (await this.#read())[key];
  }

  set(key: string, value: string): Promise<void> {
    const next = this.#queue.catch(() => undefined).then(async () => {
      const values = await this.#read();
      values[key] = value;
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(values, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      await rename(temporary, this.path);
    });
    this.#queue = next;
    return next;
  }

  async #read(): Promise<Record<string, string>> {
    // No prototype: a stored key named "__proto__" stays an ordinary key.
    const values: Record<string, string> = Object.create(null);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return values;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return values;
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') values[key] = value;
    }
    return values;
  }
}
