// The one-time CSV of a batch's keys (RFC 4180: CRLF line ends, a header row, fields quoted
// when they need it), UTF-8 without a byte-order mark: every field a vendor can influence is
// an identifier, and a BOM would break the first column name for most tools other than Excel.
import type { KeyMaterial } from './material.ts';

export const KEY_CSV_HEADER = ['key', 'last5', 'plan_sku', 'kind', 'seats', 'redeem_by'] as const;

/** One CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function keyBatchCsv(material: Pick<KeyMaterial, 'keys' | 'last5'>, batch: { planSku: string; kind: string; seatsPerKey: number; redeemBy: string }): string {
  // Everything after the first two columns is the same on every line: escape it once.
  const suffix = [batch.planSku, batch.kind, batch.seatsPerKey, batch.redeemBy].map(csvField).join(',');
  const lines = [KEY_CSV_HEADER.join(',')];
  for (let i = 0; i < material.keys.length; i++) lines.push(`${material.keys[i]},${material.last5[i]},${suffix}`);
  return `${lines.join('\r\n')}\r\n`;
}
