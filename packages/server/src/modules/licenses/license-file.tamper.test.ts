// Tamper property: change bytes anywhere in real license files → every one fails verification
// in the SDK, with a typed LicenseFileError (never a crash, never acceptance).
//
// What "anywhere" means for a compact JWS `B64(header).B64(payload).B64(signature)`:
// - The signature covers the header and payload *text* (RFC 7515 §5.2), so any change there
//   changes the signing input and cannot verify.
// - The signature segment is decoded. 64 bytes take 86 base64url characters (516 bits), so the
//   last character has 4 unused low bits. Lenient decoders (jose on Node 24, which uses atob)
//   ignore them: a change confined to those bits spells the *identical* signature and
//   verifies. That is not a forgery (the signed bytes are unchanged), so the general
//   statement is "every change either fails or decodes to the identical signed bytes".
//   The SDK closes even that gap by accepting only the canonical spelling, so here the
//   assertion is the stronger one: every change fails, and an equivalent spelling fails as
//   MALFORMED. Such spellings are generated on purpose (1 in 10 cases) because uniform byte
//   flips would reach them only rarely.
// The rest, the substance of the test, change decoded bytes: half flip bits of any byte
// (XOR 1..255, which mostly leaves the base64url alphabet and is caught as MALFORMED), half
// replace a character by another base64url character, which keeps the encoding valid and so
// reaches the signature check itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LicenseFileError, verifyLicenseFile } from '@licentia/sdk';
import { Temporal } from 'temporal-polyfill';
import { signLicenseFile } from './license-file.ts';
import { generateSigningKeySet, SigningKeyRing } from './signing-keys.ts';

/** Each file is tampered with once, by its own one to three mutations. */
const FILES = 10_000;
const ISSUER = 'https://licensing.example.com';
const START = Temporal.Instant.from('2026-01-15T00:00:00Z');
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STATES = ['active', 'expired', 'disabled', 'cancelled'] as const;

type Mutation =
  | { kind: 'xor'; position: number; mask: number }
  | { kind: 'substitute'; position: number; shift: number }
  | { kind: 'spelling'; lowBits: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('xor' as const), position: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('substitute' as const), position: fc.nat(), shift: fc.integer({ min: 1, max: 63 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('spelling' as const), lowBits: fc.integer({ min: 1, max: 15 }) }) },
);

/** Applies mutations to the file's bytes; latin1 maps every byte to one character and back. */
function mutate(jws: string, mutations: Mutation[]): string {
  const bytes = Buffer.from(jws, 'latin1');
  for (const m of mutations) {
    const last = bytes.length - 1;
    if (m.kind === 'xor') {
      const at = m.position % bytes.length;
      bytes.writeUInt8(bytes.readUInt8(at) ^ m.mask, at);
    } else if (m.kind === 'substitute') {
      const at = m.position % bytes.length;
      const index = BASE64URL.indexOf(String.fromCharCode(bytes.readUInt8(at)));
      // A '.' (or a byte an earlier mutation took out of the alphabet) gets a plain flip.
      const next = index >= 0 ? BASE64URL.charCodeAt((index + m.shift) % 64) : bytes.readUInt8(at) ^ m.shift;
      bytes.writeUInt8(next, at);
    } else {
      const index = BASE64URL.indexOf(String.fromCharCode(bytes.readUInt8(last)));
      if (index >= 0) bytes.writeUInt8(BASE64URL.charCodeAt(index ^ m.lowBits), last);
    }
  }
  return bytes.toString('latin1');
}

/** True when a lenient decoder would see the very same signing input and signature bytes. */
function decodesIdentically(original: string, mutated: string): boolean {
  const [h1, p1, s1 = ''] = original.split('.');
  const parts = mutated.split('.');
  const [h2, p2, s2 = ''] = parts;
  if (parts.length !== 3 || h1 !== h2 || p1 !== p2 || !/^[A-Za-z0-9_-]*$/.test(s2)) return false;
  return Buffer.from(s1, 'base64url').equals(Buffer.from(s2, 'base64url'));
}

describe('tamper resistance', () => {
  it(`every byte change in ${FILES} distinct license files, each tampered with, fails verification`, async (t) => {
    const ring = new SigningKeyRing(generateSigningKeySet(START), { source: 'test' });
    // Distinct files: different licenses, devices, plans, entitlements, states and issue times.
    const files = await Promise.all(
      Array.from({ length: FILES }, async (_, i) => {
        const now = START.add({ minutes: i * 37 });
        const fingerprint = `fp_${i.toString(16).padStart(8, '0')}`;
        const { jws } = await signLicenseFile(
          ring,
          {
            issuer: ISSUER,
            license: {
              id: `lic_${i}`,
              ...(i % 2 === 0 ? { key_last5: 'BCDF2' } : {}),
              plan: { id: `plan_${i % 7}`, name: `Plan ${i % 7} 年間` },
              entitlements: Array.from({ length: 1 + (i % 5) }, (_, k) => `feature_${k}`),
              ...(i % 3 === 0 ? {} : { seats: 1 + i }),
              ends_on: `2027-0${1 + (i % 9)}-1${i % 10}`,
              state: STATES[i % STATES.length] ?? 'active',
            },
            device: { id: `dev_${i}`, fingerprint },
            refreshAfterSeconds: 3600 * (1 + (i % 8000)),
          },
          now,
        );
        const options = { jwks: ring.publicJwks(), issuer: ISSUER, deviceFingerprint: fingerprint, now: new Date(now.epochMilliseconds + 1000) };
        await verifyLicenseFile(jws, options); // each original verifies: the mutation alone is what fails
        return { jws, options };
      }),
    );

    const codes = new Map<string, number>();
    let equivalentSpellings = 0;
    let checked = 0;
    const seed = Date.now() | 0;
    // More samples than files: two flips of the same byte can cancel out, and such a sample is
    // passed over for the next one.
    const samples = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), { numRuns: FILES * 2, seed });
    for (const [index, file] of files.entries()) {
      let tampered = file.jws;
      let mutations: Mutation[] = [];
      while (tampered === file.jws) {
        mutations = samples.pop()!;
        tampered = mutate(file.jws, mutations);
      }
      checked++;
      const identical = decodesIdentically(file.jws, tampered);
      if (identical) equivalentSpellings++;
      try {
        await verifyLicenseFile(tampered, file.options);
      } catch (error) {
        assert.ok(error instanceof LicenseFileError, `not a typed error: ${String(error)}`);
        if (identical) assert.equal(error.code, 'MALFORMED');
        codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
        continue;
      }
      assert.fail(`a tampered file verified (seed ${seed}): ${JSON.stringify(mutations)} on file ${index}`);
    }

    assert.equal(checked, FILES);
    assert.ok(equivalentSpellings > 0, 'the equivalent-spelling case was exercised');
    t.diagnostic(`checked ${checked}; equivalent spellings ${equivalentSpellings}; by code ${JSON.stringify(Object.fromEntries(codes))}`);
  });
});
