// Request and response schemas of the hardware registry, its OEM partners and their repair reports.
import { Type } from 'typebox';
import { REPAIR_KINDS } from '@licentia/core/repairs';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';
import type { HardwareProductRow } from './store.ts';

const Id = Type.String({ maxLength: 64 });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const OrganizationParams = StrictObject({ organizationId: Id });
export const ReportParams = StrictObject({ organizationId: Id, reportId: Id });
export const VendorReportParams = StrictObject({ reportId: Id });
export const OemParams = StrictObject({ partnerOrganizationId: Id });

export const HardwareProductSchema = Type.Object({
  id: Type.String(),
  ownerOrganizationId: Type.String({ description: 'The vendor, or the OEM partner whose registry holds it' }),
  serialNumber: Nullable(Type.String()),
  productNumber: Nullable(Type.String()),
  imei: Nullable(Type.String()),
  model: Type.String(),
  purchaseDate: Nullable(Type.String({ format: 'date' })),
  seller: Nullable(Type.String()),
  preinstalledLicense: Type.Union([
    Type.Object({
      productKeyId: Type.String(),
      keyLast5: Type.String(),
      redeemedOrganizationId: Nullable(Type.String()),
      licenseId: Nullable(Type.String({ description: 'Set once an app was activated with it' })),
    }),
    Type.Null(),
  ]),
  updatedAt: Instant,
});

export const LookupQuery = StrictObject({
  identifier: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A serial number, product number or IMEI, as typed; omitted: the whole registry, by page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const ImportBody = Type.Object(
  { csv: Type.String({ minLength: 1, description: 'The CSV text: a header row, then one unit per line' }) },
  {
    additionalProperties: false,
    description: 'Columns: serial_number and/or imei, model, and optionally product_number, purchase_date (YYYY-MM-DD), seller, product_key',
    examples: [{ csv: 'serial_number,product_number,imei,model,purchase_date,seller\r\nPF-3ABC12,5ZG63EA#ABJ,490154203237518,LX-900,2026-04-01,Example Denki\r\n' }],
  },
);

export const ImportResultSchema = Type.Object({ created: Type.Integer(), updated: Type.Integer() });

export const OemPartnerBody = StrictObject({ partnerOrganizationId: Id });
export const OemPartnerSchema = Type.Object({ organizationId: Type.String(), name: Type.String(), markedAt: Instant });

export const RepairReportBody = Type.Object(
  {
    serialNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    imei: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    repair: OneOf(REPAIR_KINDS),
    repairedOn: Type.String({ format: 'date' }),
    replacedParts: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 }),
    technician: Type.String({ minLength: 1, maxLength: 200 }),
    notes: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  {
    additionalProperties: false,
    description: 'The unit by its serial number or IMEI (exactly one), from the OEM\'s own registry',
    examples: [{ serialNumber: 'PF-3ABC12', repair: 'motherboard_replacement', repairedOn: '2026-11-20', replacedParts: ['motherboard'], technician: 'Service centre Osaka' }],
  },
);

export const RepairReportSchema = Type.Object({
  id: Type.String(),
  ownerOrganizationId: Type.String(),
  hardwareProductId: Type.String(),
  serialNumber: Nullable(Type.String()),
  imei: Nullable(Type.String()),
  repair: OneOf(REPAIR_KINDS),
  repairedOn: Type.String({ format: 'date' }),
  pdfSha256: Type.String(),
  createdAt: Instant,
});

export const PdfResponse = {
  description: 'The PDF',
  content: { 'application/pdf': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } },
};

/** The unit and, when one came preinstalled, the key and where it went (read by `describeProducts`). */
export type ProductWithLicense = HardwareProductRow & {
  key_last5: string | null;
  redeemed_organization_id: string | null;
  license_id: string | null;
};

export function toProduct(row: ProductWithLicense) {
  return {
    id: row.id,
    ownerOrganizationId: row.organization_id,
    serialNumber: row.serial_number,
    productNumber: row.product_number,
    imei: row.imei,
    model: row.model,
    purchaseDate: row.purchase_date,
    seller: row.seller,
    preinstalledLicense:
      row.product_key_id === null
        ? null
        : { productKeyId: row.product_key_id, keyLast5: row.key_last5!, redeemedOrganizationId: row.redeemed_organization_id, licenseId: row.license_id },
    updatedAt: row.updated_at,
  };
}

export function toRepairReport(row: { organization_id: string; id: string; hardware_product_id: string; serial_number: string | null; imei: string | null; repair: string; repaired_on: string; pdf_sha256: string; created_at: string }) {
  return {
    id: row.id,
    ownerOrganizationId: row.organization_id,
    hardwareProductId: row.hardware_product_id,
    serialNumber: row.serial_number,
    imei: row.imei,
    repair: row.repair as (typeof REPAIR_KINDS)[number],
    repairedOn: row.repaired_on,
    pdfSha256: row.pdf_sha256,
    createdAt: row.created_at,
  };
}
