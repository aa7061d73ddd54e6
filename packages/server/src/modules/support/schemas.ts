// Request and response schemas of the support desk: cases, their files, reactivation codes and
// the advisor.
import { Type, type Static } from 'typebox';
import { ADVICE_STEPS, HARDWARE_CHANGES, LICENSE_COLUMNS, REACTIVATION_PATHS, REPAIR_KINDS, SUPPORT_CASE_STATES } from '@licentia/core/repairs';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';
import { ACCEPTED_MEDIA_TYPES } from './uploads.ts';

const Id = Type.String({ maxLength: 64 });
const Repair = OneOf(REPAIR_KINDS, { description: 'What the repair did: OS reinstalled, system disk replaced, motherboard replaced, or anything else' });
const LicenseReference = {
  licenseId: Type.Optional(Type.String({ maxLength: 64, description: 'The license (lic_…); or give serialNumber' })),
  serialNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "The PC's serial number or IMEI; its preinstalled license is found through the hardware registry" })),
};

export const CaseParams = StrictObject({ organizationId: Id, caseId: Id });
export const AttachmentParams = StrictObject({ organizationId: Id, caseId: Id, attachmentId: Id });
export const VendorCaseParams = StrictObject({ caseId: Id });

export const OpenCaseBody = Type.Object(
  {
    ...LicenseReference,
    repair: Repair,
    deviceId: Type.Optional(Type.String({ maxLength: 64, description: 'The repaired device (required for a motherboard replacement)' })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false, description: 'Exactly one of licenseId and serialNumber', examples: [{ licenseId: 'lic_example', repair: 'os_reinstall', description: 'Reinstalled Windows after a virus' }] },
);

export const ReceiptSchema = StrictObject(
  {
    model: Type.String({ minLength: 1, maxLength: 200 }),
    purchaseDate: Type.String({ format: 'date' }),
    serialNumber: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { description: 'What the receipt says: the model, the purchase date and the serial number' },
);

/** The smallest PNG there is (a 1×1 transparent pixel), for the examples. */
const EXAMPLE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export const UploadBody = Type.Object(
  {
    kind: OneOf(['proof_of_purchase', 'repair_report'] as const),
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    mediaType: OneOf(ACCEPTED_MEDIA_TYPES, { description: 'The type of the file; it must agree with its content, which is checked' }),
    contentBase64: Type.String({ description: 'The file, standard base64; at most LICENTIA_ATTACHMENT_MAX_BYTES once decoded' }),
    receipt: Type.Optional(ReceiptSchema),
  },
  {
    additionalProperties: false,
    description: 'A photo (JPEG, PNG) or PDF. A proof of purchase also states the receipt\'s facts in "receipt".',
    examples: [{ kind: 'proof_of_purchase', fileName: 'receipt.png', mediaType: 'image/png', contentBase64: EXAMPLE_PNG, receipt: { model: 'LX-900', purchaseDate: '2026-04-01', serialNumber: 'PF3ABC12' } }],
  },
);

export const DecisionBody = StrictObject({ note: Type.Optional(Type.String({ maxLength: 2000 })) });

export const AttachmentSchema = Type.Object({
  id: Type.String(),
  kind: OneOf(['proof_of_purchase', 'repair_report'] as const),
  fileName: Type.String(),
  mediaType: OneOf(ACCEPTED_MEDIA_TYPES),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  receipt: Type.Union([Type.Object({ model: Type.String(), purchaseDate: Type.String({ format: 'date' }), serialNumber: Type.String() }), Type.Null()]),
  createdAt: Instant,
});

export const SupportCaseSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  licenseId: Type.String(),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  serialNumber: Type.Union([Type.String(), Type.Null()]),
  repair: Repair,
  state: OneOf(SUPPORT_CASE_STATES),
  openedBy: OneOf(['customer', 'agent'] as const),
  description: Type.Union([Type.String(), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Instant, Type.Null()]),
  resolvedAt: Type.Union([Instant, Type.Null()]),
  createdAt: Instant,
  updatedAt: Instant,
});

export const SupportCaseDetailSchema = Type.Object({
  ...SupportCaseSchema.properties,
  attachments: Type.Array(AttachmentSchema),
  missing: Type.Array(OneOf(['proof_of_purchase', 'repair_report'] as const), { description: 'What the case still needs before it can be approved' }),
});

export const ApprovalSchema = Type.Object({
  case: SupportCaseSchema,
  reactivationCode: Type.Object(
    { code: Type.String({ description: 'Shown once: read it to the customer, who enters it in the app' }), expiresAt: Instant },
    { description: 'One-time, for this license only, until expiresAt' },
  ),
});

export const CaseListQuery = StrictObject({
  state: Type.Optional(OneOf(SUPPORT_CASE_STATES)),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const AdviceBody = Type.Object(
  { ...LicenseReference, repair: Repair },
  { additionalProperties: false, description: 'Exactly one of licenseId and serialNumber', examples: [{ licenseId: 'lic_example', repair: 'motherboard_replacement' }] },
);

const Bilingual = Type.Object({ ja: Type.String(), en: Type.String() });

export const AdviceSchema = Type.Object({
  licenseId: Type.String(),
  column: OneOf(LICENSE_COLUMNS),
  change: OneOf(HARDWARE_CHANGES),
  path: OneOf(REACTIVATION_PATHS),
  blocked: Type.Boolean({ description: 'The subscription lost access: renew first' }),
  caseId: Type.Union([Type.String(), Type.Null()], { description: 'The latest support case about this repair, whose progress the steps show' }),
  steps: Type.Array(Type.Object({ code: OneOf(ADVICE_STEPS), done: Type.Boolean(), text: Bilingual })),
});

export type UploadBodyType = Static<typeof UploadBody>;
