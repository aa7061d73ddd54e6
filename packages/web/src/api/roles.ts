// The roles the API names, from its generated types (pure types: usable by Node tests too).
import type { paths } from './schema.ts';

export type Role = paths['/v1/me']['get']['responses'][200]['content']['application/json']['organizations'][number]['roles'][number];
