// The SDK writes the device routes' bodies and the validation codes again (it may not import
// the server). These fail to compile, or fail, when the two drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Static } from 'typebox';
import { VALIDATION_CODES as SDK_CODES } from '@licentia/sdk';
import type {
  ActivationRequest,
  ActivationResponse,
  CheckInRequest,
  CheckInResponse,
  DeactivationRequest,
  ValidationCode as SdkValidationCode,
  ValidationRequest,
  ValidationResponseBody,
} from '@licentia/sdk';
import type { ActivationBody, CheckInBody, DeactivateBody } from './schemas.ts';
import type { ActivationResponseType, CheckInResponseType, ValidateBodyType, ValidateResponseType } from './schemas.ts';
import { VALIDATION_CODES, type ValidationCode } from './validation-codes.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agreements: [
  Same<ActivationRequest, Static<typeof ActivationBody>>,
  Same<ActivationResponse, ActivationResponseType>,
  Same<CheckInRequest, Static<typeof CheckInBody>>,
  Same<CheckInResponse, CheckInResponseType>,
  Same<ValidationRequest, ValidateBodyType>,
  Same<ValidationResponseBody, ValidateResponseType>,
  Same<DeactivationRequest, Static<typeof DeactivateBody>>,
  Same<SdkValidationCode, ValidationCode>,
] = [true, true, true, true, true, true, true, true];

test('the SDK knows the validation codes in the server\'s order', () => {
  void agreements;
  assert.deepEqual([...SDK_CODES], [...VALIDATION_CODES]);
});
