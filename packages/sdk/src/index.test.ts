import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKey } from '@licentia/core/keys';
import * as sdk from './index.ts';

describe('@licentia/sdk public API', () => {
  it('checks a product key offline with the same rules as the server', () => {
    const key = generateKey();
    assert.deepEqual(sdk.parseKey(key.toLowerCase().replaceAll('-', ' ')), { ok: true, key });
    assert.equal(sdk.parseKey('BCDFG-HJKMP').ok, false);
  });

  it('exports the verification entry points and helpers', () => {
    for (const name of [
      'verifyLicenseFile',
      'verifyValidationResponse',
      'createNonce',
      'OfflineLicense',
      'TrustedTimeGuard',
      'JwksCache',
      'MemoryStorage',
      'FileStorage',
      'LicenseFileError',
      'isLicenseFileError',
      'LicentiaClient',
      'LicentiaApiError',
      'LicentiaClientError',
      'machineFingerprint',
      'hashComponents',
    ] as const) {
      assert.equal(typeof sdk[name], 'function', name);
    }
    assert.ok(sdk.LICENSE_FILE_ERROR_CODES.includes('CLOCK_ROLLBACK'));
    assert.equal(sdk.VALIDATION_CODES.at(-1), 'VALID');
  });
});
