// The portal is typed against the API it talks to: the committed src/api/schema.ts is exactly
// what the server's OpenAPI document generates. A route changed without `npm run api:types`
// fails here (and a portal page that no longer matches then fails `npm run typecheck`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_TYPES_PATH, generateApiTypes } from '../api-types.ts';

test('src/api/schema.ts matches the server\'s OpenAPI document (run `npm run api:types` after changing a route)', async () => {
  assert.equal(await generateApiTypes(), readFileSync(API_TYPES_PATH, 'utf8'));
});
