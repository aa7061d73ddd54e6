// What the catalog commands share: a migrated database with a vendor organization (whose audit
// log records the operator's changes), and the parsing of option values.
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { findVendorOrganizationId } from '../../modules/organizations/store.ts';
import { openConfiguredDatabase } from '../../db/configured.ts';
import { UsageError } from '../command.ts';

export async function withCatalogDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = openConfiguredDatabase(loadConfig());
  try {
    await migrateToLatest(database);
    if (!(await findVendorOrganizationId(database.db))) {
      throw new UsageError('no vendor organization yet: run `licentia serve` once (or `licentia admin create`)');
    }
    return await work(database);
  } finally {
    await database.close();
  }
}

export function requiredString(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** An integer option: absent → undefined; anything but digits is a usage error. */
export function optionalInteger(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** A comma-separated list option ("JP,US"), each item checked against `allowed` when given. */
export function optionalList<T extends string>(
  values: Record<string, string | boolean | undefined>,
  name: string,
  allowed?: readonly T[],
): T[] | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  const items = value.split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = allowed ? items.filter((item) => !(allowed as readonly string[]).includes(item)) : [];
  if (unknown.length > 0) throw new UsageError(`--${name}: unknown ${unknown.join(', ')} (choose from ${allowed!.join(', ')})`);
  return items as T[];
}

export function optionalChoice<T extends string>(values: Record<string, string | boolean | undefined>, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(values, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}
