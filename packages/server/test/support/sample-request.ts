// Builds a valid request body from a route's JSON schema: the schema's own `examples` where it
// gives them, otherwise the smallest value that satisfies it. Lets generated tests (the
// permission matrix) call routes they were not written for.
let sequence = 0;

type Schema = {
  type?: string | string[];
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  format?: string;
  default?: unknown;
};

export function sampleFromSchema(schema: Schema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.examples?.length) return structuredClone(schema.examples[0]);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return sampleFromSchema(alternatives.find((s) => s.type !== 'null') ?? alternatives[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) value[name] = sampleFromSchema(schema.properties?.[name]);
      return value;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 1 }, () => sampleFromSchema(schema.items));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      if (schema.format === 'email') return `generated-${++sequence}-${Date.now()}@example.com`;
      if (schema.format === 'date-time') return '2031-01-01T00:00:00.000Z';
      if (schema.format === 'date') return '2031-01-01';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return undefined;
  }
}
