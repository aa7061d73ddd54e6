// What a qualified invoice (適格請求書) or a return invoice (適格返還請求書) says about tax:
// lines marked where the reduced rate applies, then per rate the total and the tax, rounded
// once per rate per invoice (money/tax.ts). A return invoice applies the same rule to the
// amounts given back.
import { taxPerRate, type TaxLine, type TaxRate, type TaxSummary } from '../money/tax.ts';
import type { Rounding } from '../money/rounding.ts';

/** The mark put beside every reduced-rate line (軽減税率対象品目である旨), explained below the lines. */
export const REDUCED_RATE_MARK = '※';

export const REDUCED_RATE_NOTE = Object.freeze({
  ja: `${REDUCED_RATE_MARK}は軽減税率（8%）対象品目`,
  en: `${REDUCED_RATE_MARK} reduced tax rate (8%) item`,
});

export function rateMark(rate: TaxRate): string {
  return rate === 'reduced' ? REDUCED_RATE_MARK : '';
}

export type InvoiceLineInput = TaxLine & Readonly<{ description: string }>;

export interface InvoiceTaxes {
  lines: readonly (InvoiceLineInput & { mark: string })[];
  summary: TaxSummary;
  /** Whether any line is at the reduced rate (then the note must be printed). */
  hasReducedRate: boolean;
}

/** Lines with their marks and the per-rate totals, tax-exclusive amounts (税抜). */
export function invoiceTaxes(lines: readonly InvoiceLineInput[], rounding: Rounding = 'floor'): InvoiceTaxes {
  return {
    lines: lines.map((line) => ({ ...line, mark: rateMark(line.rate) })),
    summary: taxPerRate(lines, rounding),
    hasReducedRate: lines.some((line) => line.rate === 'reduced'),
  };
}
