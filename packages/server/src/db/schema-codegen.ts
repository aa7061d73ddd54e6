// Writes the TypeScript types of the migrated schema, so the schema is written once (in the
// migrations) and the code is checked against it. The same text must come out of SQLite and
// PostgreSQL: a test regenerates it on both and compares it with the committed schema.ts.
import { sql } from 'kysely';
import type { Database } from './connect.ts';

const INTERNAL_TABLES = new Set(['schema_migrations']);

function typeScriptType(dataType: string): string {
  const type = dataType.toLowerCase();
  if (type === 'text' || type === 'varchar') return 'string';
  if (['integer', 'int4', 'int8', 'bigint', 'int2', 'smallint'].includes(type)) return 'number';
  // Uploaded files (SQLite blob, PostgreSQL bytea): node:sqlite reads a Uint8Array, pg a Buffer (one).
  if (type === 'blob' || type === 'bytea') return 'Uint8Array';
  throw new Error(`no TypeScript type for column type "${dataType}": use a portable type`);
}

function typeName(table: string): string {
  return table
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** PostgreSQL introspection spans every schema of the database: keep only our own. */
async function ownSchema(database: Database): Promise<string | undefined> {
  if (database.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  return rows[0]?.schema;
}

export async function generateSchemaTypes(database: Database): Promise<string> {
  const schema = await ownSchema(database);
  const tables = (await database.db.introspection.getTables())
    .filter((t) => !INTERNAL_TABLES.has(t.name) && !t.isView && (schema === undefined || t.schema === schema))
    .sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '// Generated from the migrated schema by `npm run db:types`. Do not edit by hand:',
    '// change a migration, then regenerate. A test fails when this file is stale.',
    '',
  ];
  for (const table of tables) {
    lines.push(`export interface ${typeName(table.name)}Table {`);
    for (const column of table.columns) {
      const type = typeScriptType(column.dataType);
      lines.push(`  ${column.name}: ${column.isNullable ? `${type} | null` : type};`);
    }
    lines.push('}', '');
  }
  lines.push('export interface DB {');
  for (const table of tables) lines.push(`  ${table.name}: ${typeName(table.name)}Table;`);
  lines.push('}', '');
  return lines.join('\n');
}
