// Passwords are stored as scrypt hashes with their parameters, so the cost can be raised later
// without breaking existing hashes: "scrypt$N$r$p$salt$hash" (base64url).
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 32;
const DEFAULT_LOG2_N = 15;
/**
 * The scrypt cost, log2 N: 15 by default. LICENTIA_PASSWORD_HASH_COST lowers it only where the
 * hashes guard nothing (the test suite sets 10, to make thousands of test users quickly). Each
 * hash records its own parameters, so hashes of any cost keep verifying.
 */
function costFromEnvironment(): number {
  const raw = process.env.LICENTIA_PASSWORD_HASH_COST;
  if (raw === undefined || raw === '') return DEFAULT_LOG2_N;
  const log2N = Number(raw);
  if (!Number.isInteger(log2N) || log2N < 10 || log2N > 20) throw new Error(`LICENTIA_PASSWORD_HASH_COST must be an integer from 10 to 20, not "${raw}"`);
  return log2N;
}
const DEFAULT_COST = { N: 2 ** costFromEnvironment(), r: 8, p: 1 };
export const MIN_PASSWORD_LENGTH = 10;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = DEFAULT_COST;
  const hash = await scrypt(password, salt, { N, r, p });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password: verifying against it costs what a real verification costs, so
 * "no such user" and "wrong password" take the same time and cannot be told apart.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoyHash;
}
