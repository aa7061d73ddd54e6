import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_TOLERANCE_SECONDS, signWebhook, verifyWebhook } from './signature.ts';

const T = 1_700_000_000;
const BODY = '{"id":"evt_1","type":"subscription.renewed"}';
const OLD = 'whsec_test';
const NEW = 'whsec_new';
// Computed independently of this code, with
//   printf '%s' '1700000000.{"id":"evt_1","type":"subscription.renewed"}' | openssl dgst -sha256 -hmac <secret>
// so the test pins the wire format itself, not merely "sign and verify agree with each other".
const OLD_SIG = '323e077c2f8dd33b23bee83e3fc05864d00f94efcae9a386be9fcfccc5a76565';
const NEW_SIG = '5e89f2cc4c27eb2f63455277eb1dde5ee20e9c3284432c6b14366e0eaec83a27';

const OK = { ok: true } as const;
const MALFORMED = { ok: false, reason: 'MALFORMED_HEADER' } as const;
const STALE = { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' } as const;
const NO_MATCH = { ok: false, reason: 'NO_MATCHING_SIGNATURE' } as const;

function verify(header: string, overrides: { body?: string | Uint8Array; secrets?: string[]; now?: number; toleranceSeconds?: number } = {}) {
  return verifyWebhook({ body: BODY, header, secrets: [OLD], now: T, ...overrides });
}

describe('signWebhook', () => {
  it('produces t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")> (known answer)', () => {
    assert.equal(signWebhook({ body: BODY, secrets: [OLD], timestamp: T }), `t=${T},v1=${OLD_SIG}`);
  });

  it('puts t first, then one v1 per secret in the given order', () => {
    assert.equal(signWebhook({ body: BODY, secrets: [OLD, NEW], timestamp: T }), `t=${T},v1=${OLD_SIG},v1=${NEW_SIG}`);
    assert.equal(signWebhook({ body: BODY, secrets: [NEW, OLD], timestamp: T }), `t=${T},v1=${NEW_SIG},v1=${OLD_SIG}`);
  });

  it('signs the UTF-8 bytes: a string body and its encoding give the same header', () => {
    const body = '{"name":"株式会社テスト","amount":"¥1,000"}';
    assert.equal(
      signWebhook({ body, secrets: [OLD], timestamp: T }),
      signWebhook({ body: new TextEncoder().encode(body), secrets: [OLD], timestamp: T }),
    );
  });

  it('refuses timestamps that are not whole unix seconds (fractions, milliseconds)', () => {
    for (const timestamp of [T + 0.5, T * 1000, 2 ** 53, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => signWebhook({ body: BODY, secrets: [OLD], timestamp }), RangeError, String(timestamp));
    }
  });

  it('refuses to sign without a usable secret', () => {
    assert.throws(() => signWebhook({ body: BODY, secrets: [], timestamp: T }), RangeError);
    assert.throws(() => signWebhook({ body: BODY, secrets: [OLD, ''], timestamp: T }), RangeError);
  });
});

describe('verifyWebhook', () => {
  const header = signWebhook({ body: BODY, secrets: [OLD], timestamp: T });

  it('accepts a valid signature', () => {
    assert.deepEqual(verify(header), OK);
    assert.deepEqual(verify(`t=${T},v1=${OLD_SIG}`), OK);
  });

  it('accepts the raw body bytes as well as the string', () => {
    assert.deepEqual(verify(header, { body: new TextEncoder().encode(BODY) }), OK);
  });

  it('refuses a tampered body', () => {
    assert.deepEqual(verify(header, { body: BODY.replace('renewed', 'canceled') }), NO_MATCH);
    assert.deepEqual(verify(header, { body: `${BODY} ` }), NO_MATCH);
    assert.deepEqual(verify(header, { body: '' }), NO_MATCH);
  });

  it('refuses a tampered timestamp even when it is fresh', () => {
    // Moving t to "now" is exactly what a replay would do: the MAC covers t, so it fails.
    const replayed = header.replace(`t=${T}`, `t=${T + 3600}`);
    assert.deepEqual(verify(replayed, { now: T + 3600 }), NO_MATCH);
  });

  it('refuses a signature made with another secret', () => {
    assert.deepEqual(verify(header, { secrets: [NEW] }), NO_MATCH);
    assert.deepEqual(verify(header, { secrets: ['whsec_tesT'] }), NO_MATCH);
  });

  it('refuses a signature of the same length that differs in one hex digit', () => {
    const last = OLD_SIG.at(-1) === '0' ? '1' : '0';
    assert.deepEqual(verify(`t=${T},v1=${OLD_SIG.slice(0, -1)}${last}`), NO_MATCH);
  });

  describe('timestamp tolerance (300 s both ways)', () => {
    it('defaults to 300 seconds', () => {
      assert.equal(DEFAULT_TOLERANCE_SECONDS, 300);
    });

    it('accepts exactly 300 s old and exactly 300 s in the future', () => {
      assert.deepEqual(verify(header, { now: T + 300 }), OK);
      assert.deepEqual(verify(header, { now: T - 300 }), OK);
    });

    it('refuses 301 s old and 301 s in the future', () => {
      assert.deepEqual(verify(header, { now: T + 301 }), STALE);
      assert.deepEqual(verify(header, { now: T - 301 }), STALE);
    });

    it('compares fractional receiver clocks exactly', () => {
      assert.deepEqual(verify(header, { now: T + 300.001 }), STALE);
      assert.deepEqual(verify(header, { now: T - 299.999 }), OK);
    });

    it('honours a custom tolerance', () => {
      assert.deepEqual(verify(header, { now: T + 60, toleranceSeconds: 60 }), OK);
      assert.deepEqual(verify(header, { now: T + 61, toleranceSeconds: 60 }), STALE);
      assert.deepEqual(verify(header, { now: T, toleranceSeconds: 0 }), OK);
      assert.deepEqual(verify(header, { now: T + 1, toleranceSeconds: 0 }), STALE);
    });

    it('reports a forged header as NO_MATCHING_SIGNATURE even when its time is also off', () => {
      // Until the MAC matches, t is only a claim; the reason must not blame the clock.
      assert.deepEqual(verify(`t=${T},v1=${'0'.repeat(64)}`, { now: T + 10_000 }), NO_MATCH);
    });
  });

  describe('secret rotation', () => {
    const rotated = signWebhook({ body: BODY, secrets: [OLD, NEW], timestamp: T });

    it('verifies a header signed with old and new secrets using either secret alone', () => {
      assert.deepEqual(verify(rotated, { secrets: [OLD] }), OK);
      assert.deepEqual(verify(rotated, { secrets: [NEW] }), OK);
      assert.deepEqual(verify(rotated, { secrets: [NEW, OLD] }), OK);
    });

    it('lets a receiver holding both secrets accept headers signed with just one', () => {
      const newOnly = signWebhook({ body: BODY, secrets: [NEW], timestamp: T });
      assert.deepEqual(verify(newOnly, { secrets: [OLD, NEW] }), OK);
      assert.deepEqual(verify(header, { secrets: [OLD, NEW] }), OK);
    });

    it('still refuses when no v1 matches any secret', () => {
      assert.deepEqual(verify(rotated, { secrets: ['whsec_other'] }), NO_MATCH);
    });

    it('accepts a match in any position among several v1 entries', () => {
      const decoy = 'ab'.repeat(32);
      assert.deepEqual(verify(`t=${T},v1=${decoy},v1=${decoy},v1=${NEW_SIG}`, { secrets: [NEW] }), OK);
      assert.deepEqual(verify(`v1=${NEW_SIG},t=${T},v1=${decoy}`, { secrets: [NEW] }), OK);
    });
  });

  describe('forward compatibility', () => {
    it('ignores unknown schemes such as v0= and v2=', () => {
      assert.deepEqual(verify(`t=${T},v0=deadbeef,v1=${OLD_SIG},v2=something-else`), OK);
    });

    it('does not accept a header whose only signatures are in unknown schemes', () => {
      assert.deepEqual(verify(`t=${T},v0=${OLD_SIG}`), MALFORMED);
    });

    it('tolerates spaces around items and upper-case hex', () => {
      assert.deepEqual(verify(` t=${T} , v1=${OLD_SIG.toUpperCase()} `), OK);
    });
  });

  describe('malformed headers', () => {
    const cases: Record<string, string> = {
      'empty': '',
      'garbage': 'garbage',
      'only commas': ',,,',
      'lone equals': '=',
      'missing t': `v1=${OLD_SIG}`,
      'empty t': `t=,v1=${OLD_SIG}`,
      'non-numeric t': `t=abc,v1=${OLD_SIG}`,
      'negative t': `t=-${T},v1=${OLD_SIG}`,
      'fractional t': `t=${T}.5,v1=${OLD_SIG}`,
      'exponent t': `t=1.7e9,v1=${OLD_SIG}`,
      'hex t': `t=0x6553f100,v1=${OLD_SIG}`,
      'huge t': `t=${'9'.repeat(30)},v1=${OLD_SIG}`,
      'duplicate t': `t=${T},t=${T},v1=${OLD_SIG}`,
      'conflicting t': `t=${T},v1=${OLD_SIG},t=${T + 1}`,
      'no v1': `t=${T}`,
      'empty v1': `t=${T},v1=`,
      'v1 not hex': `t=${T},v1=${'z'.repeat(64)}`,
      'v1 too short': `t=${T},v1=${OLD_SIG.slice(0, 62)}`,
      'v1 too long': `t=${T},v1=${OLD_SIG}00`,
      'v1 base64': `t=${T},v1=${Buffer.from(OLD_SIG, 'hex').toString('base64')}`,
      'a bad v1 beside a good one': `t=${T},v1=${OLD_SIG},v1=nothex`,
      'trailing comma': `t=${T},v1=${OLD_SIG},`,
      'item without =': `t=${T},v1=${OLD_SIG},junk`,
      'semicolons': `t=${T};v1=${OLD_SIG}`,
      'key without value separator': `t ${T},v1 ${OLD_SIG}`,
    };
    for (const [name, value] of Object.entries(cases)) {
      it(`refuses ${name}`, () => {
        assert.deepEqual(verify(value), MALFORMED);
      });
    }
  });

  it('throws on the receiver’s own misconfiguration instead of blaming the request', () => {
    assert.throws(() => verify(header, { secrets: [] }), RangeError);
    assert.throws(() => verify(header, { secrets: [''] }), RangeError);
    assert.throws(() => verify(header, { now: Number.NaN }), RangeError);
    assert.throws(() => verify(header, { toleranceSeconds: -1 }), RangeError);
  });
});

describe('verifyWebhook properties', () => {
  const secret = fc.string({ minLength: 1, maxLength: 64 });
  const timestamp = fc.integer({ min: 0, max: 4_102_444_800 }); // up to 2100

  it('accepts what signWebhook produced, for any body, secret and time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), secret, timestamp, (body, key, t) => {
        const header = signWebhook({ body, secrets: [key], timestamp: t });
        assert.deepEqual(verifyWebhook({ body, header, secrets: [key], now: t }), OK);
      }),
    );
  });

  it('refuses the body after any single-byte change', () => {
    const bodyWithByteChange = fc
      .uint8Array({ minLength: 1, maxLength: 200 })
      .chain((bytes) =>
        fc.record({
          bytes: fc.constant(bytes),
          index: fc.nat({ max: bytes.length - 1 }),
          // XOR with 1..255 changes the byte to every other value, never to itself.
          flip: fc.integer({ min: 1, max: 255 }),
        }),
      );
    fc.assert(
      fc.property(bodyWithByteChange, secret, timestamp, ({ bytes, index, flip }, key, t) => {
        const header = signWebhook({ body: bytes, secrets: [key], timestamp: t });
        const changed = Uint8Array.from(bytes);
        changed[index] = (changed[index] ?? 0) ^ flip;
        assert.deepEqual(verifyWebhook({ body: bytes, header, secrets: [key], now: t }), OK);
        assert.deepEqual(verifyWebhook({ body: changed, header, secrets: [key], now: t }), NO_MATCH);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a string body after any single-character change', () => {
    const bodyWithCharChange = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 100 })
      .chain((body) => {
        const chars = [...body];
        return fc.record({
          chars: fc.constant(chars),
          index: fc.nat({ max: chars.length - 1 }),
          replacement: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        });
      })
      .filter(({ chars, index, replacement }) => chars[index] !== replacement);
    fc.assert(
      fc.property(bodyWithCharChange, secret, ({ chars, index, replacement }, key) => {
        const body = chars.join('');
        const header = signWebhook({ body, secrets: [key], timestamp: T });
        const changed = chars.with(index, replacement).join('');
        assert.deepEqual(verifyWebhook({ body: changed, header, secrets: [key], now: T }), NO_MATCH);
      }),
      { numRuns: 300 },
    );
  });
});
