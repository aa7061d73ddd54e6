import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { taxPerRate, type TaxLine } from './tax.ts';

test('tax is rounded once per rate: three ¥105 lines at 10 % → ¥31, not ¥30', () => {
  const lines: TaxLine[] = [105, 105, 105].map((amount) => ({ amount, rate: 'standard' }));
  const s = taxPerRate(lines);
  assert.deepEqual(s.perRate, [{ rate: 'standard', percent: 10, linesTotal: 315, taxable: 315, tax: 31, gross: 346 }]);
  assert.equal(s.tax, 31);
});

test('the rounding direction is the issuer choice', () => {
  const lines: TaxLine[] = [{ amount: 315, rate: 'standard' }];
  assert.equal(taxPerRate(lines, 'floor').tax, 31);
  assert.equal(taxPerRate(lines, 'half_up').tax, 32);
  assert.equal(taxPerRate(lines, 'ceil').tax, 32);
  assert.equal(taxPerRate([{ amount: 314, rate: 'standard' }], 'half_up').tax, 31);
});

test('mixed 10 % and 8 %: totals and tax per rate, standard first', () => {
  const s = taxPerRate([
    { amount: 1080, rate: 'reduced' },
    { amount: 1000, rate: 'standard' },
    { amount: 999, rate: 'reduced' },
    { amount: 2005, rate: 'standard' },
  ]);
  assert.deepEqual(s, {
    perRate: [
      { rate: 'standard', percent: 10, linesTotal: 3005, taxable: 3005, tax: 300, gross: 3305 }, // 300.5
      { rate: 'reduced', percent: 8, linesTotal: 2079, taxable: 2079, tax: 166, gross: 2245 }, // 166.32
    ],
    taxable: 5084,
    tax: 466,
    gross: 5550,
  });
});

test('tax-inclusive lines: the tax is the part contained in the total', () => {
  const s = taxPerRate([{ amount: 1100, rate: 'standard' }, { amount: 1080, rate: 'reduced' }], 'floor', 'tax_inclusive');
  assert.deepEqual(
    s.perRate.map((r) => [r.rate, r.linesTotal, r.taxable, r.tax, r.gross]),
    [
      ['standard', 1100, 1000, 100, 1100],
      ['reduced', 1080, 1000, 80, 1080],
    ],
  );
  // ¥1,000 incl. 10 %: 90.90… → 90.
  assert.equal(taxPerRate([{ amount: 1000, rate: 'standard' }], 'floor', 'tax_inclusive').tax, 90);
});

test('a discount line is allowed; a negative total at a rate belongs on a return invoice', () => {
  assert.equal(taxPerRate([{ amount: 1000, rate: 'standard' }, { amount: -100, rate: 'standard' }]).tax, 90);
  assert.throws(() => taxPerRate([{ amount: -100, rate: 'reduced' }]), RangeError);
  assert.throws(() => taxPerRate([{ amount: 10.5, rate: 'reduced' }]), RangeError);
  assert.deepEqual(taxPerRate([]), { perRate: [], taxable: 0, tax: 0, gross: 0 });
});

test('property: once-per-rate tax is the rounded exact tax, and per-line rounding can only lose', () => {
  const line = fc.record({ amount: fc.integer({ min: 0, max: 10_000_000 }), rate: fc.constantFrom('standard' as const, 'reduced' as const) });
  fc.assert(
    fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
      const s = taxPerRate(lines);
      for (const r of s.perRate) {
        const atRate = lines.filter((l) => l.rate === r.rate);
        const sum = atRate.reduce((a, l) => a + l.amount, 0);
        assert.equal(r.taxable, sum);
        assert.equal(r.tax, Math.floor((sum * r.percent) / 100));
        const perLine = atRate.reduce((a, l) => a + Math.floor((l.amount * r.percent) / 100), 0);
        assert.ok(r.tax >= perLine && r.tax - perLine < atRate.length);
      }
      assert.equal(s.gross, s.taxable + s.tax);
    }),
  );
});
