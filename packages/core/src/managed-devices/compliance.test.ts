import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { complianceLines } from './compliance.ts';

describe('complianceLines', () => {
  it('counts managed devices against per-device licenses, per product; not-assessed devices apart', () => {
    const devices = [
      { productId: 'prd_a', managed: true },
      { productId: 'prd_a', managed: true },
      { productId: 'prd_a', managed: true },
      { productId: 'prd_a', managed: false },
      { productId: 'prd_a', managed: null },
      { productId: 'prd_b', managed: true },
    ];
    const lines = complianceLines(devices, new Map([['prd_a', 2], ['prd_b', 1], ['prd_c', 5]]));
    assert.deepEqual(lines, [
      { productId: 'prd_a', devices: 5, managed: 3, notManaged: 1, notAssessed: 1, perDeviceLicenses: 2, shortfall: 1, compliant: false },
      { productId: 'prd_b', devices: 1, managed: 1, notManaged: 0, notAssessed: 0, perDeviceLicenses: 1, shortfall: 0, compliant: true },
      { productId: 'prd_c', devices: 0, managed: 0, notManaged: 0, notAssessed: 0, perDeviceLicenses: 5, shortfall: 0, compliant: true },
    ]);
  });
  it('managed devices of a product without per-device licenses are all short', () => {
    assert.deepEqual(complianceLines([{ productId: 'prd_x', managed: true }], new Map()).map((l) => [l.shortfall, l.compliant]), [[1, false]]);
  });
});
