import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Temporal } from 'temporal-polyfill';
import { autoRenewChangeDeadline, canTurnOffAutoRenew, defaultAutoRenew } from './auto-renew.ts';
import { CONSUMER_LIFECYCLE_POLICY, DEFAULT_LIFECYCLE_POLICY } from './policy.ts';

const E = Temporal.PlainDate.from('2026-12-31');
const p = DEFAULT_LIFECYCLE_POLICY;

test('the deadline to turn auto-renew off is E−30', () => {
  assert.equal(autoRenewChangeDeadline(E, p).toString(), '2026-12-01');
});

test('E−31 and E−30 are in time; E−29 is refused with the deadline and the alternative', () => {
  assert.deepEqual(canTurnOffAutoRenew(E, E.subtract({ days: 31 }), p), { ok: true });
  assert.deepEqual(canTurnOffAutoRenew(E, E.subtract({ days: 30 }), p), { ok: true });
  assert.deepEqual(canTurnOffAutoRenew(E, E.subtract({ days: 29 }), p), {
    ok: false,
    code: 'AUTO_RENEW_CHANGE_TOO_LATE',
    deadline: Temporal.PlainDate.from('2026-12-01'),
    alternative: 'CANCEL_WITHIN_WINDOW_AFTER_RENEWAL',
  });
  assert.equal(canTurnOffAutoRenew(E, E, p).ok, false);
});

test('the cutoff is per plan', () => {
  const policy = { ...p, autoRenewCutoffDays: 0 };
  assert.deepEqual(canTurnOffAutoRenew(E, E, policy), { ok: true });
  assert.equal(canTurnOffAutoRenew(E, E.add({ days: 1 }), policy).ok, false);
});

test('government and education are opt-in; others follow the plan (on by default)', () => {
  assert.equal(defaultAutoRenew('government', p), false);
  assert.equal(defaultAutoRenew('education', p), false);
  assert.equal(defaultAutoRenew('commercial', p), true);
  assert.equal(defaultAutoRenew('personal', CONSUMER_LIFECYCLE_POLICY), true);
  const optIn = { ...p, autoRenewByDefault: false };
  assert.equal(defaultAutoRenew('commercial', optIn), false);
  assert.equal(defaultAutoRenew('government', { ...p, autoRenewByDefault: true }), false);
});
