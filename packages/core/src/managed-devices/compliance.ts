// SPEC §6: "A compliance report counts managed devices against per-device licenses." Per
// product, since a license covers one product: the managed devices that run it against the
// devices its per-device licenses allow. A device whose attributes were never recorded is
// "not assessed": it is counted apart, not guessed either way, and the report says so.

export interface ComplianceDevice {
  productId: string;
  /** null: no attributes recorded for it yet. */
  managed: boolean | null;
}

export interface ComplianceLine {
  productId: string;
  /** Active devices running the product. */
  devices: number;
  managed: number;
  notManaged: number;
  notAssessed: number;
  /** Devices the organization's usable per-device licenses of the product allow. */
  perDeviceLicenses: number;
  /** Managed devices beyond the per-device licenses (0 when covered). */
  shortfall: number;
  /** Every managed device is covered. Devices not assessed may still need licenses. */
  compliant: boolean;
}

export function complianceLines(devices: readonly ComplianceDevice[], perDeviceLicenses: ReadonlyMap<string, number>): ComplianceLine[] {
  const products = new Set<string>([...perDeviceLicenses.keys(), ...devices.map((d) => d.productId)]);
  return [...products].sort().map((productId) => {
    const mine = devices.filter((d) => d.productId === productId);
    const managed = mine.filter((d) => d.managed === true).length;
    const licenses = perDeviceLicenses.get(productId) ?? 0;
    const shortfall = Math.max(0, managed - licenses);
    return {
      productId,
      devices: mine.length,
      managed,
      notManaged: mine.filter((d) => d.managed === false).length,
      notAssessed: mine.filter((d) => d.managed === null).length,
      perDeviceLicenses: licenses,
      shortfall,
      compliant: shortfall === 0,
    };
  });
}
