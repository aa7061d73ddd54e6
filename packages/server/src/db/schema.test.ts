// The committed schema types are what the migrations produce, on this test run's database: a
// stale schema.ts, or a migration that yields different types on SQLite and PostgreSQL, fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from '../../test/support/database.ts';
import { generateSchemaTypes } from './schema-codegen.ts';

test('schema.ts matches the migrated schema (run `npm run db:types` after changing a migration)', async () => {
  const testDatabase = await createTestDatabase();
  try {
    const generated = await generateSchemaTypes(testDatabase.database);
    const committed = readFileSync(new URL('./schema.ts', import.meta.url), 'utf8');
    assert.equal(generated, committed);
  } finally {
    await testDatabase.destroy();
  }
});
