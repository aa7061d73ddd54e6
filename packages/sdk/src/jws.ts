// Strict reading of a compact JWS before any key is looked up, and the one verification path
// both license files and validation responses go through.
//
// Why stricter than jose alone:
// - jose decodes base64url leniently on Node 24 (atob): it ignores the unused low bits of the
//   last character, and atob skips ASCII whitespace. So `…Ag` and `…Ah` at the end of a
//   signature decode to the same 64 bytes and both verify. That is not a forgery (the signed
//   bytes are identical) but it makes the same file exist in several spellings, and a
//   tamper test could not say "every changed byte fails". We accept only the canonical
//   spelling of every segment: decode, re-encode, compare.
// - The header is checked in a fixed order (alg, then crit/b64, typ, kid) so each rejection has
//   one stable code, whatever else is wrong with the token.
import { base64url, compactVerify, errors } from 'jose';
import { LicenseFileError } from './errors.ts';
import { keyResolverFor, resolveKeySet } from './jwks.ts';
import type { JwksInput } from './jwks.ts';

/** A license file is a few hundred bytes; anything this large is not one. */
const MAX_JWS_LENGTH = 16 * 1024;
const SEGMENT = /^[A-Za-z0-9_-]*$/;
const ED25519_SIGNATURE_BYTES = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(message: string, cause?: unknown): never {
  throw new LicenseFileError('MALFORMED', message, cause === undefined ? undefined : { cause });
}

function decodeCanonical(segment: string, name: string): Uint8Array {
  if (!SEGMENT.test(segment)) malformed(`${name} is not base64url`);
  let bytes: Uint8Array;
  try {
    bytes = base64url.decode(segment);
  } catch (cause) {
    return malformed(`${name} is not base64url`, cause);
  }
  if (base64url.encode(bytes) !== segment) malformed(`${name} is not canonical base64url`);
  return bytes;
}

function decodeJsonObject(bytes: Uint8Array, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (cause) {
    return malformed(`${name} is not UTF-8 JSON`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

export interface VerifiedJws {
  header: Record<string, unknown>;
  payload: unknown;
  kid: string;
}

/** Maps jose's failures onto our codes; anything unexpected counts as malformed. */
function fromJose(error: unknown): LicenseFileError {
  if (error instanceof LicenseFileError) return error;
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new LicenseFileError('SIGNATURE_INVALID', 'the signature does not verify', { cause: error });
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new LicenseFileError('UNKNOWN_KEY', 'no usable key', { cause: error });
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new LicenseFileError('ALGORITHM_NOT_ALLOWED', 'algorithm not allowed', { cause: error });
  }
  return new LicenseFileError('MALFORMED', 'the JWS could not be verified', { cause: error });
}

/**
 * Verifies the signature of a compact JWS of the expected `typ` with EdDSA only, against the
 * key its `kid` names. Returns the decoded header and payload; checks no claims.
 */
export async function verifyCompactJws(jws: unknown, typ: string, jwks: JwksInput): Promise<VerifiedJws> {
  if (typeof jws !== 'string') malformed('not a string');
  if (jws.length > MAX_JWS_LENGTH) malformed('too long');
  const segments = jws.split('.');
  if (segments.length !== 3) malformed('not a compact JWS (three segments)');
  const [headerSegment = '', payloadSegment = '', signatureSegment = ''] = segments;
  const header = decodeJsonObject(decodeCanonical(headerSegment, 'header'), 'header');

  // Only EdDSA, checked by exact string before anything is resolved: this is what stops
  // HS256-with-the-public-key-as-secret, `none`, and every other algorithm confusion.
  if (header.alg !== 'EdDSA') {
    throw new LicenseFileError('ALGORITHM_NOT_ALLOWED', `alg ${JSON.stringify(header.alg)} is not EdDSA`);
  }
  // Our server never sets crit (or b64, which changes what is signed); refuse both outright.
  if ('crit' in header || 'b64' in header) malformed('unexpected crit/b64 header');
  if (header.typ !== typ) {
    throw new LicenseFileError('WRONG_TYPE', `typ ${JSON.stringify(header.typ)}, expected ${typ}`);
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || kid.length === 0) malformed('no kid');
  const payloadBytes = decodeCanonical(payloadSegment, 'payload');
  if (decodeCanonical(signatureSegment, 'signature').length !== ED25519_SIGNATURE_BYTES) {
    malformed('signature is not 64 bytes');
  }

  const keySet = await resolveKeySet(jwks, kid);
  const resolver = keyResolverFor(keySet);
  if (!resolver.kids.has(kid)) throw new LicenseFileError('UNKNOWN_KEY', `no published key has kid ${kid}`);
  try {
    await compactVerify(jws, resolver.resolve, { algorithms: ['EdDSA'] });
  } catch (error) {
    throw fromJose(error);
  }
  return { header, payload: decodeJsonObject(payloadBytes, 'payload'), kid };
}
