// Consumption tax on Japanese qualified invoices (適格請求書, SPEC §8).
//
// The invoice rules require tax to be rounded ONCE per tax rate per invoice: sum the taxable
// amounts of all lines at a rate, then compute and round that rate's tax. Rounding per line
// is not allowed (three ¥105 lines at 10 % are ¥315 → ¥31.5 → ¥31, whereas per-line rounding
// would give 3 × ¥10 = ¥30). The rounding direction is the issuer's choice; truncation
// (切り捨て) is by far the most common, so it is the default.
import { divideRounded, assertMinorUnits, toSafeNumber, type Rounding } from './rounding.ts';

/** Tax rates in percent: standard 10 %, reduced 8 % (food, newspapers; 軽減税率). */
export const TAX_RATE_PERCENT = Object.freeze({ standard: 10, reduced: 8 });
export type TaxRate = keyof typeof TAX_RATE_PERCENT;

/** Fixed order of rates on an invoice: standard first, then the reduced rate (marked ※). */
const RATE_ORDER: readonly TaxRate[] = ['standard', 'reduced'];

export type TaxLine = Readonly<{ amount: number; rate: TaxRate }>;

/**
 * Whether line amounts exclude tax (税抜: tax is added) or include it (税込: tax is the
 * part of the total contained in it). Both are allowed on qualified invoices.
 */
export type PriceBasis = 'tax_exclusive' | 'tax_inclusive';

export type RateTotal = Readonly<{
  rate: TaxRate;
  percent: number;
  /** Sum of the line amounts at this rate, as written on the lines. */
  linesTotal: number;
  /** Amount excluding tax (対象額, 税抜). */
  taxable: number;
  /** Tax at this rate, rounded once. */
  tax: number;
  /** Amount including tax (税込). */
  gross: number;
}>;

export type TaxSummary = Readonly<{
  /** Only the rates that occur on the invoice, standard first. */
  perRate: readonly RateTotal[];
  taxable: number;
  tax: number;
  gross: number;
}>;

export function taxPerRate(
  lines: readonly TaxLine[],
  rounding: Rounding = 'floor',
  basis: PriceBasis = 'tax_exclusive',
): TaxSummary {
  const sums = new Map<TaxRate, bigint>();
  for (const line of lines) {
    assertMinorUnits(line.amount, 'line amount');
    sums.set(line.rate, (sums.get(line.rate) ?? 0n) + BigInt(line.amount));
  }
  const perRate: RateTotal[] = [];
  for (const rate of RATE_ORDER) {
    const sum = sums.get(rate);
    if (sum === undefined) continue;
    // Discount lines may be negative, but a negative total at a rate belongs on a return
    // invoice (適格返還請求書) with positive amounts, not here.
    if (sum < 0n) throw new RangeError(`lines at the ${rate} rate total ${sum}; issue a return invoice instead`);
    const percent = BigInt(TAX_RATE_PERCENT[rate]);
    const tax =
      basis === 'tax_exclusive'
        ? divideRounded(sum * percent, 100n, rounding)
        : divideRounded(sum * percent, 100n + percent, rounding);
    const taxable = basis === 'tax_exclusive' ? sum : sum - tax;
    perRate.push({
      rate,
      percent: Number(percent),
      linesTotal: toSafeNumber(sum),
      taxable: toSafeNumber(taxable),
      tax: toSafeNumber(tax),
      gross: toSafeNumber(taxable + tax),
    });
  }
  const total = (pick: (r: RateTotal) => number) => perRate.reduce((acc, r) => acc + pick(r), 0);
  return { perRate, taxable: total((r) => r.taxable), tax: total((r) => r.tax), gross: total((r) => r.gross) };
}
