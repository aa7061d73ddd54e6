// Bearer secrets (session cookies, API tokens): 256 random bits, stored only as a SHA-256 hash.
// A fast hash is right here because the secret itself has full entropy; passwords, which do not,
// use scrypt instead.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecretToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
