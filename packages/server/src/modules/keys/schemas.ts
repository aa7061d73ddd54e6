// The contract of key batches and product keys: request bodies and response shapes. The types
// the service and the SDK use are derived from these schemas, never written twice.
import { Type, type Static } from 'typebox';
import { Instant, OneOf, StrictObject } from '../../http/schemas.ts';

export const KEY_KINDS = ['subscription', 'add_seats', 'renewal', 'trial'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
export const KEY_STATES = ['unused', 'redeemed', 'revoked'] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** The most keys one batch may hold (and one request may create). */
export const MAX_BATCH_QUANTITY = 100_000;

const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInstant = Type.Union([Instant, Type.Null()]);

export const KeyBatchSchema = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  kind: OneOf(KEY_KINDS),
  seatsPerKey: Type.Integer(),
  quantity: Type.Integer(),
  redeemBy: Type.String({ description: 'The last civil day (in the vendor organization\'s time zone) a key can be redeemed' }),
  redeemableUntil: Instant,
  partnerOrganizationId: NullableString,
  label: NullableString,
  createdBy: Type.Union([Type.String(), Type.Null()], { description: 'The user or API token that made the batch' }),
  createdAt: Instant,
  revokedAt: NullableInstant,
  csvAvailable: Type.Boolean({ description: 'Whether the one-time CSV download is still waiting' }),
  csvDownloadedAt: NullableInstant,
});
export type KeyBatch = Static<typeof KeyBatchSchema>;

export const KeyCountsSchema = Type.Object({
  unused: Type.Integer(),
  redeemed: Type.Integer(),
  revoked: Type.Integer(),
});
export type KeyCounts = Static<typeof KeyCountsSchema>;

export const KeyBatchDetailSchema = Type.Object({
  ...KeyBatchSchema.properties,
  counts: KeyCountsSchema,
});
export type KeyBatchDetail = Static<typeof KeyBatchDetailSchema>;

export const CreatedKeyBatchSchema = Type.Object({
  batch: KeyBatchSchema,
  keys: Type.Array(Type.String(), {
    description: 'The keys in plaintext, XXXXX-XXXXX-XXXXX-XXXXX-XXXXX. Shown in this response and in the one-time CSV only; store them now.',
  }),
});
export type CreatedKeyBatch = Static<typeof CreatedKeyBatchSchema>;

export const CreateKeyBatchBody = StrictObject({
  planId: Type.String({ minLength: 1, maxLength: 64 }),
  kind: OneOf(KEY_KINDS),
  quantity: Type.Integer({ minimum: 1, maximum: MAX_BATCH_QUANTITY }),
  seatsPerKey: Type.Integer({ minimum: 1, description: 'At most the plan\'s maximum seats per subscription' }),
  redeemBy: Type.String({
    format: 'date',
    description: 'YYYY-MM-DD: today or later in the vendor organization\'s time zone; keys are redeemable until that day ends there',
    examples: ['2030-12-31'],
  }),
  partnerOrganizationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A partner organization the batch is made for' })),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 200, examples: ['Retail cards, spring 2027'] })),
});
export type CreateKeyBatchInput = Static<typeof CreateKeyBatchBody>;

export const KeyBatchParams = StrictObject({ batchId: Type.String({ maxLength: 64 }) });

/** A key as typed by a person: normalized (NFKC, case, separators) before it is checked. */
export const KeyBody = StrictObject({
  key: Type.String({ minLength: 1, maxLength: 200, description: 'The product key, however typed (full-width, lower case, any dashes)' }),
});

export const ProductKeySchema = Type.Object({
  id: Type.String(),
  last5: Type.String({ description: 'The last five characters: all that is kept of the key besides its keyed hash' }),
  state: OneOf(KEY_STATES),
  batch: Type.Object({
    id: Type.String(),
    planId: Type.String(),
    kind: OneOf(KEY_KINDS),
    seatsPerKey: Type.Integer(),
    redeemBy: Type.String(),
    partnerOrganizationId: NullableString,
  }),
  redeemedAt: NullableInstant,
  redeemedOrganizationId: NullableString,
  subscriptionId: NullableString,
  revokedAt: NullableInstant,
});
export type ProductKey = Static<typeof ProductKeySchema>;
