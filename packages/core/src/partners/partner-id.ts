// Partner IDs (SPEC §7 "partner organizations have a partner ID"): what a customer types to name
// its partner of record, so it is made for typing and reading aloud, and a typo must never name
// another partner.
//
// Format: 10 digits, shown as `1234-5678-90`. The first digit is never 0 (spreadsheets drop a
// leading zero), the next eight are random, the last is a Damm check digit. Digits rather than
// letters: they are the same on every keyboard and IME, and are read out on the telephone
// without spelling. The Damm check detects every single-digit substitution and every swap of
// two adjacent different digits (proved exhaustively in partner-id.test.ts), so the likely
// typos are refused before anyone is looked up. 9 × 10^8 IDs: the server draws again when a
// draw is already taken (a unique index decides).
//
// Input is normalized the way product keys are: NFKC (full-width ０-９ from Japanese IMEs),
// and spaces and every dash-like character dropped.
import { normalizeKeyInput } from '../keys/normalize.ts';
import type { RandomSource } from '../keys/generate.ts';

export const PARTNER_ID_LENGTH = 10;

/** The Damm quasigroup of order 10 (weakly totally anti-symmetric). */
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The Damm interim digit of a string of digits: the check digit of a payload, 0 for a valid ID. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (const character of digits) interim = DAMM[interim]![Number(character)]!;
  return interim;
}

const cryptoRandom: RandomSource = (bytes) => {
  globalThis.crypto.getRandomValues(bytes);
};

/** A new partner ID in its compact form (10 digits). */
export function generatePartnerId(random: RandomSource = cryptoRandom): string {
  const digits: number[] = [];
  const bytes = new Uint8Array(16);
  while (digits.length < PARTNER_ID_LENGTH - 1) {
    random(bytes);
    for (const byte of bytes) {
      // 250 is the largest multiple of 10 in a byte: rejection sampling keeps digits uniform.
      if (byte >= 250) continue;
      const digit = byte % 10;
      if (digits.length === 0 && digit === 0) continue;
      digits.push(digit);
      if (digits.length === PARTNER_ID_LENGTH - 1) break;
    }
  }
  const payload = digits.join('');
  return `${payload}${dammDigit(payload)}`;
}

/** `1234567890` → `1234-5678-90`. */
export function formatPartnerId(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8)}`;
}

export type PartnerIdProblem = 'WRONG_LENGTH' | 'NOT_DIGITS' | 'CHECK_FAILED';

export type ParsePartnerIdResult = { ok: true; compact: string; formatted: string } | { ok: false; problem: PartnerIdProblem; length: number };

/** What a person typed, as a partner ID, or what is wrong with it (checked in this order). */
export function parsePartnerId(input: string): ParsePartnerIdResult {
  const compact = normalizeKeyInput(input);
  if (compact.length !== PARTNER_ID_LENGTH) return { ok: false, problem: 'WRONG_LENGTH', length: compact.length };
  if (!/^[0-9]+$/.test(compact)) return { ok: false, problem: 'NOT_DIGITS', length: compact.length };
  // No ID starts with 0; a leading 0 is a typo like any other.
  if (compact.startsWith('0') || dammDigit(compact) !== 0) return { ok: false, problem: 'CHECK_FAILED', length: compact.length };
  return { ok: true, compact, formatted: formatPartnerId(compact) };
}
