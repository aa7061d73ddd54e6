import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY, lifecyclePolicyProblems } from './policy.ts';

test('the shipped policies carry the SPEC numbers and are valid', () => {
  assert.deepEqual(lifecyclePolicyProblems(DEFAULT_LIFECYCLE_POLICY), []);
  assert.deepEqual(lifecyclePolicyProblems(CONSUMER_LIFECYCLE_POLICY), []);
  assert.equal(DEFAULT_LIFECYCLE_POLICY.graceDays, 30);
  assert.equal(DEFAULT_LIFECYCLE_POLICY.disabledDays, 90);
  assert.equal(DEFAULT_LIFECYCLE_POLICY.cancellationWindowHours, 168);
  assert.deepEqual(DEFAULT_LIFECYCLE_POLICY.reminderDays, [60, 30, 7, 1]);
  assert.equal(CONSUMER_LIFECYCLE_POLICY.graceDays, 0);
  assert.equal(CONSUMER_LIFECYCLE_POLICY.renewalWindowDays, 730);
  assert.ok(Object.isFrozen(DEFAULT_LIFECYCLE_POLICY) && Object.isFrozen(DEFAULT_LIFECYCLE_POLICY.reminderDays));
});

test('nonsensical policies are reported, one problem per field', () => {
  const problems = lifecyclePolicyProblems({
    ...DEFAULT_LIFECYCLE_POLICY,
    graceDays: -1,
    disabledDays: 1.5,
    renewalWindowDays: -3,
    cancellationWindowHours: 0,
    reminderDays: [7, 7, 0],
  });
  assert.deepEqual(problems, [
    'graceDays must be a non-negative integer',
    'disabledDays must be a non-negative integer',
    'renewalWindowDays must be a non-negative integer',
    'cancellationWindowHours must be a positive integer',
    'reminderDays must be positive integers',
    'reminderDays must not repeat',
  ]);
});
