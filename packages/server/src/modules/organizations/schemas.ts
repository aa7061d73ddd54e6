import { Type, type Static } from 'typebox';
import { ORGANIZATION_KINDS } from '../../auth/roles.ts';
import { Instant, StrictObject, OneOf } from '../../http/schemas.ts';

export const SEGMENTS = ['commercial', 'government', 'education', 'personal'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const OrganizationSchema = Type.Object({
  id: Type.String(),
  kind: OneOf(ORGANIZATION_KINDS),
  name: Type.String(),
  country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  timeZone: Type.String({ description: 'IANA time zone; dates of this organization are civil days here' }),
  segment: OneOf(SEGMENTS),
  createdAt: Instant,
});
export type Organization = Static<typeof OrganizationSchema>;

export const OrganizationName = Type.String({ minLength: 1, maxLength: 200, examples: ['Example KK'] });
export const CountryCode = Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2', examples: ['JP'] });

export const CreateOrganizationBody = StrictObject({
  kind: Type.Union([Type.Literal('customer'), Type.Literal('partner')]),
  name: OrganizationName,
  country: CountryCode,
  segment: Type.Optional(OneOf(SEGMENTS)),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, examples: ['Asia/Tokyo'] })),
});

export const UpdateOrganizationBody = StrictObject({
  name: Type.Optional(OrganizationName),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, examples: ['Asia/Tokyo'] })),
});

export const OrganizationParams = StrictObject({ organizationId: Type.String({ maxLength: 64 }) });
