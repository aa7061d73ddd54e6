// Webhook signatures (SPEC §10): `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//
// Why this shape:
// - The timestamp is inside the MAC, so a captured delivery cannot be replayed later with a
//   fresh `t`; the receiver refuses anything outside the tolerance window.
// - During secret rotation the header carries one `v1` per active secret, so receivers that
//   still have only the old secret and receivers that already have the new one both verify
//   the same delivery: rotation needs no coordinated switch-over.
// - The scheme is named (`v1`) so a future algorithm can be added as `v2=` beside it; receivers
//   ignore schemes they do not know instead of failing.
//
// Both sides live here so that the sender (our worker) and the verifier (our tests, the SDK,
// and receivers that copy it) cannot disagree about the format. Neither reads the clock: the
// worker passes the time it stamps and the receiver passes its `now`, so tests are exact.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Default allowed distance between `t` and the receiver's clock, both ways (SPEC §10). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SCHEME = 'v1';
// SHA-256 output is 32 bytes = 64 hex digits. Checking the exact shape before decoding matters:
// Buffer.from(hex, 'hex') silently stops at the first invalid digit, which would turn garbage
// into a short (or empty) buffer instead of an error.
const SIGNATURE_PATTERN = /^[0-9a-fA-F]{64}$/;
// Digits only: no sign, fraction, exponent or whitespace, all of which Number() would accept
// ("1e9", " 12 ", "0x10"). At most 15 digits keeps it a safe integer; unix seconds have 10.
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;
// Anything this large is a millisecond (or finer) clock reading passed by mistake.
const MILLISECONDS_THRESHOLD = 100_000_000_000;

/**
 * The body exactly as sent. Receivers should pass the raw bytes they received when they have
 * them: the MAC is over bytes, and decoding to a string first can map different byte sequences
 * to the same text (invalid UTF-8 all becomes U+FFFD), while re-serializing parsed JSON changes
 * bytes outright. A string is taken as its UTF-8 encoding.
 */
export type WebhookBody = string | Uint8Array;

export interface SignWebhookInput {
  body: WebhookBody;
  /** Every active secret, in the order their `v1` entries should appear (one entry each). */
  secrets: readonly string[];
  /** Unix time in whole seconds. */
  timestamp: number;
}

export interface VerifyWebhookInput {
  body: WebhookBody;
  /** The signature header's value. */
  header: string;
  /** The secrets the receiver accepts (two during rotation); any one matching is enough. */
  secrets: readonly string[];
  /** The receiver's current unix time in seconds. */
  now: number;
  toleranceSeconds?: number;
}

export type WebhookVerificationFailure = 'MALFORMED_HEADER' | 'TIMESTAMP_OUT_OF_TOLERANCE' | 'NO_MATCHING_SIGNATURE';

export type WebhookVerification = { ok: true } | { ok: false; reason: WebhookVerificationFailure };

/** Returns the header value: `t=<timestamp>` first, then one `v1=` per secret. */
export function signWebhook({ body, secrets, timestamp }: SignWebhookInput): string {
  // A fractional or millisecond timestamp would be written into the header as-is and then fail
  // every receiver's parser or tolerance check: refuse it here, where the bug is. Unix seconds
  // stay below 10^11 until the year 5138, while Date.now() milliseconds are already above it.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp >= MILLISECONDS_THRESHOLD) {
    throw new RangeError(`webhook timestamp must be whole unix seconds, got ${timestamp}`);
  }
  assertSecrets(secrets);
  const signatures = secrets.map((secret) => `${SCHEME}=${mac(secret, timestamp, body).toString('hex')}`);
  return [`t=${timestamp}`, ...signatures].join(',');
}

/**
 * Checks a delivery. The reason is for logs and for the receiver's own diagnostics; it reveals
 * nothing an attacker could use (all three are visible from the request itself).
 */
export function verifyWebhook({
  body,
  header,
  secrets,
  now,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: VerifyWebhookInput): WebhookVerification {
  // Bad arguments are the receiver's own bug, not a property of the request: throw rather than
  // answer "no matching signature", which would send someone hunting for a forged request.
  assertSecrets(secrets);
  if (!Number.isFinite(now)) throw new RangeError(`now must be unix seconds, got ${now}`);
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) {
    throw new RangeError(`toleranceSeconds must be a non-negative number, got ${toleranceSeconds}`);
  }

  const parsed = parseHeader(header);
  if (parsed === undefined) return { ok: false, reason: 'MALFORMED_HEADER' };

  // The signature is checked before the time on purpose. The timestamp is covered by the MAC,
  // so until the MAC matches, `t` is just a claim from whoever sent the request. Checking it
  // first makes the reason say something true: NO_MATCHING_SIGNATURE = not from the holder of
  // a secret (forged, tampered body or `t`, wrong secret); TIMESTAMP_OUT_OF_TOLERANCE = really
  // ours, but a replay or a skewed clock.
  const expected = secrets.map((secret) => mac(secret, parsed.timestamp, body));
  const matches = parsed.signatures.some((given) =>
    // Constant-time comparison: with `===` the time taken would reveal how many leading bytes
    // of a guess are right, letting an attacker find a valid MAC byte by byte. Both buffers are
    // 32 bytes (the header shape was checked), which timingSafeEqual requires. Stopping at the
    // first match leaks only *that* some entry matched, which the response reveals anyway.
    expected.some((mine) => timingSafeEqual(given, mine)),
  );
  if (!matches) return { ok: false, reason: 'NO_MATCHING_SIGNATURE' };

  // Both ways: too old is a replay, too far ahead is a sender with a wrong clock, or a header
  // minted to stay "fresh" for a long time. Exactly `toleranceSeconds` away is still accepted.
  if (Math.abs(now - parsed.timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  }
  return { ok: true };
}

interface ParsedHeader {
  timestamp: number;
  signatures: Buffer[];
}

/** undefined when the header is malformed: missing or repeated `t`, no `v1`, or a bad value. */
function parseHeader(header: string): ParsedHeader | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    // Whitespace around items is tolerated ("t=1, v1=…"): proxies and hand-written test
    // requests add it, and it cannot change what is signed.
    const entry = item.trim();
    const equals = entry.indexOf('=');
    if (equals <= 0) return undefined; // empty item, no "=", or no key: not this format at all
    const key = entry.slice(0, equals);
    const value = entry.slice(equals + 1);
    if (key === 't') {
      // Two `t`s are ambiguous: a receiver taking the first and another taking the last could
      // disagree about which time was signed. Refuse rather than pick one.
      if (timestamp !== undefined || !TIMESTAMP_PATTERN.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === SCHEME) {
      if (!SIGNATURE_PATTERN.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Any other key (v0=, a future v2=, …) is ignored: senders may add schemes before every
    // receiver understands them, and such a header must keep verifying by its v1 entries.
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

function mac(secret: string, timestamp: number, body: WebhookBody): Buffer {
  // Fed in two parts rather than concatenated: no copy of a large body, and a Uint8Array body
  // is hashed byte for byte without a round trip through a string.
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

function assertSecrets(secrets: readonly string[]): void {
  // No secrets would mean signing nothing (a header no one can verify) or verifying against
  // nothing (every delivery refused); an empty secret is an HMAC key anyone can guess.
  if (secrets.length === 0) throw new RangeError('at least one webhook secret is required');
  if (secrets.some((secret) => secret.length === 0)) throw new RangeError('webhook secrets must not be empty');
}
