// Exact rational rounding for money (SPEC §4: "Money is integer minor units; prorations round
// half up to the currency's unit").
//
// Amounts are integers of minor units and every proration is a ratio (days used / days in
// term, months charged / months in term, rate / 100). Doing that in binary floating point
// rounds twice (once to the nearest double, once to the unit) and gets halves wrong
// (e.g. 1.005 * 100 = 100.49999…). So the product is formed exactly in BigInt and divided once
// with an explicit rounding rule.

export type Rounding = 'floor' | 'ceil' | 'half_up';

function toBigInt(value: bigint | number, name: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
  return BigInt(value);
}

/**
 * numerator / denominator rounded to an integer.
 * - `floor` / `ceil`: toward −∞ / +∞.
 * - `half_up`: to nearest, halves away from zero, so a refund and the charge it mirrors round
 *   the same way (the usual commercial meaning of "round half up"; 四捨五入).
 */
export function divideRounded(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  // Normalise the sign onto the numerator so the remainder logic below has one case.
  const n = denominator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = n / d; // truncates toward zero
  const r = n % d; // same sign as n
  if (r === 0n) return q;
  switch (rounding) {
    case 'floor':
      return n < 0n ? q - 1n : q;
    case 'ceil':
      return n > 0n ? q + 1n : q;
    case 'half_up': {
      const twiceRemainder = (r < 0n ? -r : r) * 2n;
      if (twiceRemainder < d) return q;
      return n < 0n ? q - 1n : q + 1n;
    }
  }
}

/** numerator / denominator rounded half up; numbers in → number out (must stay safe). */
export function divideRoundHalfUp(numerator: number, denominator: number): number;
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint;
export function divideRoundHalfUp(numerator: bigint | number, denominator: bigint | number): bigint | number {
  const result = divideRounded(toBigInt(numerator, 'numerator'), toBigInt(denominator, 'denominator'), 'half_up');
  return typeof numerator === 'number' ? toSafeNumber(result) : result;
}

/** amount × numerator / denominator, formed exactly and rounded once. */
export function scaleAmount(amount: number, numerator: number | bigint, denominator: number | bigint, rounding: Rounding = 'half_up'): number {
  const product = toBigInt(amount, 'amount') * toBigInt(numerator, 'numerator');
  return toSafeNumber(divideRounded(product, toBigInt(denominator, 'denominator'), rounding));
}

/** Money crosses module boundaries as plain numbers (JSON, database); refuse silent precision loss. */
export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`amount ${value} exceeds the safe integer range`);
  }
  return Number(value);
}

/** Asserts an amount of minor units is a safe integer; used at the entry of money functions. */
export function assertMinorUnits(amount: number, name = 'amount'): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${name} must be an integer of minor units, got ${amount}`);
}
