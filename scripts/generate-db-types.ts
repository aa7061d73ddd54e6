// Regenerates packages/server/src/db/schema.ts from the migrations (on an in-memory SQLite).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../packages/server/src/db/connect.ts';
import { migrateToLatest } from '../packages/server/src/db/migrate.ts';
import { generateSchemaTypes } from '../packages/server/src/db/schema-codegen.ts';

const target = fileURLToPath(new URL('../packages/server/src/db/schema.ts', import.meta.url));
const database = openDatabase({ sqlitePath: ':memory:' });
try {
  await migrateToLatest(database);
  writeFileSync(target, await generateSchemaTypes(database));
  console.log(`wrote ${target}`);
} finally {
  await database.close();
}
