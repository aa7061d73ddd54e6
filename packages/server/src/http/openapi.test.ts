// The published OpenAPI document is valid OpenAPI 3.1 and describes every route, with its
// request schemas and the problem-details error responses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { PORTAL_ROUTE_URLS } from '../modules/portal/routes.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function fetchDocument() {
  const response = await t.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(response.statusCode, 200);
  return response.json();
}

test('/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const document = await fetchDocument();
  assert.equal(document.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(document);
  assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
});

test('every route of the route table is documented, with its error responses', async () => {
  const document = await fetchDocument();
  for (const route of t.app.routeTable) {
    if (route.url === '/openapi.json' || (PORTAL_ROUTE_URLS as readonly string[]).includes(route.url)) continue;
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths?.[path]?.[route.method.toLowerCase()];
    assert.ok(operation, `${route.method} ${route.url} is missing from the OpenAPI document`);
    assert.ok(operation.responses['404'], `${route.method} ${route.url} documents no 404 problem`);
    if (route.schema.body) assert.ok(operation.requestBody, `${route.method} ${route.url} documents no request body`);
  }
});

test("the portal's page routes are not API operations and stay out of the document", async () => {
  const document = await fetchDocument();
  for (const url of PORTAL_ROUTE_URLS) assert.equal(document.paths?.[url], undefined, url);
});

test('/docs serves the interactive reference', async () => {
  const response = await t.inject({ method: 'GET', url: '/docs/' });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /swagger/i);
});
