// Schema helpers shared by every route: objects that refuse unknown properties, identifiers,
// pagination, and the error responses every route may give.
import { Type, type TObject, type TProperties, type TSchema, type TUnsafe } from 'typebox';
import { ProblemSchema } from './problem.ts';

/** A request body: unknown properties are an error, not silently ignored. */
export function StrictObject<T extends TProperties>(properties: T, options: { description?: string } = {}): TObject<T> {
  return Type.Object(properties, { ...options, additionalProperties: false });
}

export const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant in UTC' });

export const PaginationQuery = StrictObject({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The nextCursor of the previous page' })),
});

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    data: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
  });
}

/** Error statuses any route may answer with; added to every route's response schema. */
export const ERROR_RESPONSES: Record<number, typeof ProblemSchema> = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  413: ProblemSchema,
  415: ProblemSchema,
  422: ProblemSchema,
  429: ProblemSchema,
  500: ProblemSchema,
  503: ProblemSchema,
};

/** One of a fixed list of strings, typed as their union and shown as an enum in OpenAPI. */
export function OneOf<const T extends readonly string[]>(values: T, options: { description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
