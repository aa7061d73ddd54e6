// Request and response schemas of the device routes. The SDK writes these bodies again (it may
// not import the server); `sdk-contract.test.ts` fails when the two drift apart.
import { Type, type Static } from 'typebox';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';
import { LICENSE_COLUMNS, REACTIVATION_PATHS } from '@licentia/core/repairs';
import { VALIDATION_CODES } from './validation-codes.ts';

/**
 * A hash computed on the device, hex or base64url. The pattern refuses what raw identifiers
 * look like (a MAC address has colons, a serial number is short), so none reaches the server.
 */
const HASH_PATTERN = '^[A-Za-z0-9_-]{16,128}$';
const ComponentHash = Type.String({ pattern: HASH_PATTERN });

export const Fingerprint = Type.String({
  pattern: HASH_PATTERN,
  description: 'A hash identifying this device for this app (e.g. SHA-256 of the machine id), hex or base64url, 16 to 128 characters',
});
export const Components = StrictObject(
  {
    board: Type.Optional(ComponentHash),
    disk: Type.Optional(ComponentHash),
    osInstall: Type.Optional(ComponentHash),
    cpu: Type.Optional(ComponentHash),
    mac: Type.Optional(ComponentHash),
  },
  { description: 'Hashes of hardware components (never raw serial numbers), for telling repairs from new machines' },
);
const Nonce = Type.String({ pattern: '^[A-Za-z0-9_-]{16,128}$', description: 'A fresh random value (base64url); the signed answer echoes it' });
const DeviceToken = Type.String({ minLength: 1, maxLength: 200, description: 'The dvt_… token returned by the activation' });
const KeyInput = Type.String({ minLength: 1, maxLength: 100, description: 'A product key as typed (spaces, dashes and case do not matter)' });

const EXAMPLE_FINGERPRINT = '3b1f0c9a7d2e4f6a8b0c1d2e3f4a5b6c';
const EXAMPLE_NONCE = 'bm9uY2Vfbm9uY2Vfbm9uY2U';
const EXAMPLE_KEY = 'BCDFG-HJKMP-QRTVW-XY234-6789B';

export const ActivationBody = Type.Object(
  {
    key: Type.Optional(KeyInput),
    productId: Type.Optional(Type.String({ maxLength: 64, description: 'With an account: the product whose seat licenses this app' })),
    organizationId: Type.Optional(Type.String({ maxLength: 64, description: 'With an account: the organization of the seat, when the person holds seats in several' })),
    fingerprint: Fingerprint,
    components: Type.Optional(Components),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Shown to administrators, e.g. the computer name' })),
    reactivationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A one-time code from support (XXXX-XXXX-XXXX-XXXX) that moves the license to this machine after a repair' })),
    replacesDeviceId: Type.Optional(
      Type.String({ maxLength: 64, description: 'After a repair the license cannot recognize (new board and new disk): the device this machine replaces, one of those DEVICE_LIMIT_REACHED lists. Settled as a new board: sign-in with the linked account, or a code' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Either "key", or an account ("Authorization: Bearer lic_…" or a session) with "productId"',
    examples: [{ key: EXAMPLE_KEY, fingerprint: EXAMPLE_FINGERPRINT, name: 'TARO-PC' }],
  },
);

export const DeviceSchema = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  fingerprint: Type.String(),
  activatedAt: Instant,
  lastCheckInAt: Type.Union([Instant, Type.Null()]),
});

export const LicenseSummarySchema = Type.Object({
  id: Type.String(),
  kind: OneOf(['key', 'seat'] as const, { description: 'key: a product key (serial); seat: a user\'s seat of the plan (a digital license)' }),
  planId: Type.String(),
  state: OneOf(['active', 'expired', 'disabled', 'deleted', 'cancelled'] as const),
  endsOn: Type.String({ format: 'date' }),
  deviceLimit: Type.Integer(),
  activeDevices: Type.Integer(),
});

export const HardwareChangeSchema = Type.Object(
  {
    change: OneOf(['os_or_disk', 'board'] as const, { description: 'os_or_disk: same board, new OS install or system disk (the same device); board: a new motherboard (a new device)' }),
    column: OneOf(LICENSE_COLUMNS, { description: "The license's column in SPEC §6's hardware-change table" }),
    path: OneOf(REACTIVATION_PATHS),
    outcome: OneOf(['SELF_SERVICE_REACTIVATION', 'REACTIVATED_BY_SIGN_IN', 'REACTIVATED_BY_CODE'] as const),
    message: Type.String({ description: 'The outcome in the language of the request' }),
    replacedDeviceId: Type.Union([Type.String(), Type.Null()], { description: 'board: the device before the repair, now deactivated as replaced' }),
  },
  { description: 'The machine was known to the license before a repair; null for every other activation' },
);

export const ActivationResponse = Type.Object({
  device: DeviceSchema,
  deviceToken: Type.String({ description: 'Shown once; the app keeps it to check in, validate and deactivate' }),
  licenseFile: Type.String({ description: 'A compact JWS (EdDSA), verifiable offline against /.well-known/jwks.json' }),
  license: LicenseSummarySchema,
  hardwareChange: Type.Union([HardwareChangeSchema, Type.Null()]),
});

export const CheckInBody = StrictObject({ deviceToken: DeviceToken, fingerprint: Fingerprint, nonce: Nonce, components: Type.Optional(Components) });

const ValidationCode = OneOf(VALIDATION_CODES, { description: 'See docs/api.md "Validation codes" for the list and the order they are checked in' });
const SIGNED_ANSWER = 'The same answer as a compact JWS (typ license-validation+jwt) with the server time and the echoed nonce';
const SignedAnswer = Type.String({ description: SIGNED_ANSWER });

export const CheckInResponse = Type.Object({
  valid: Type.Boolean(),
  code: ValidationCode,
  serverTime: Instant,
  signed: SignedAnswer,
  licenseFile: Type.Union([Type.String(), Type.Null()], { description: 'A new license file; null when the device no longer holds its place on the license' }),
});

export const ValidateBody = Type.Object(
  {
    key: Type.Optional(KeyInput),
    deviceToken: Type.Optional(DeviceToken),
    fingerprint: Fingerprint,
    nonce: Nonce,
    signed: Type.Optional(
      Type.Boolean({
        default: true,
        description:
          'false: answer { valid, code, serverTime, nonce } without the signed JWS, a cheap online check for an app that trusts TLS to the server. Offline verification and the SDK trusted clock need the signed answer',
      }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of "key" and "deviceToken"', examples: [{ key: EXAMPLE_KEY, fingerprint: EXAMPLE_FINGERPRINT, nonce: EXAMPLE_NONCE }] },
);

export const ValidateResponse = Type.Object({
  valid: Type.Boolean(),
  code: ValidationCode,
  serverTime: Instant,
  nonce: Type.String(),
  signed: Type.Optional(Type.String({ description: `${SIGNED_ANSWER}; absent when the request sent "signed": false` })),
});

export const DeactivateBody = StrictObject({ deviceToken: DeviceToken });

export const AdminDeviceSchema = Type.Object({
  ...DeviceSchema.properties,
  active: Type.Boolean(),
  deactivatedAt: Type.Union([Instant, Type.Null()]),
  deactivatedBy: Type.Union([OneOf(['device', 'admin', 'replaced'] as const), Type.Null()], { description: 'replaced: its motherboard was replaced; replacedByDeviceId is the device after the repair' }),
  replacedByDeviceId: Type.Union([Type.String(), Type.Null()]),
  license: Type.Object({
    id: Type.String(),
    kind: OneOf(['key', 'seat'] as const),
    planId: Type.String(),
    userId: Type.Union([Type.String(), Type.Null()], { description: 'Seat licenses: whose seat' }),
    productKeyId: Type.Union([Type.String(), Type.Null()], { description: 'Key licenses: which key' }),
  }),
});

export const DeviceListQuery = StrictObject({
  licenseId: Type.Optional(Type.String({ maxLength: 64 })),
  active: Type.Optional(Type.Boolean()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const DeviceParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }), deviceId: Type.String({ maxLength: 64 }) });

export type ActivationBodyType = Static<typeof ActivationBody>;
export type ActivationResponseType = Static<typeof ActivationResponse>;
export type CheckInBodyType = Static<typeof CheckInBody>;
export type CheckInResponseType = Static<typeof CheckInResponse>;
export type ValidateBodyType = Static<typeof ValidateBody>;
export type ValidateResponseType = Static<typeof ValidateResponse>;
