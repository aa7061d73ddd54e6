import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adviseReactivation, type AdvisorFacts } from './advisor.ts';

const base: AdvisorFacts = { column: 'business', repair: 'motherboard_replacement', licenseState: 'active', oemRepairReportOnFile: false };
const codes = (facts: AdvisorFacts) => adviseReactivation(facts).steps.map((s) => `${s.code}${s.done ? ':done' : ''}`);

describe('the advisor follows the table', () => {
  it('OS reinstall or disk replacement on a business or unlinked key: activate from the app, no support', () => {
    for (const column of ['business', 'personal_unlinked'] as const) {
      for (const repair of ['os_reinstall', 'disk_replacement'] as const) {
        const advice = adviseReactivation({ ...base, column, repair });
        assert.deepEqual([advice.change, advice.path, codes({ ...base, column, repair })], ['os_or_disk', 'self_service', ['ACTIVATE_FROM_APP']]);
      }
    }
  });

  it('a linked license: sign in with the (masked) account; a new board also frees the old device', () => {
    const reinstall = adviseReactivation({ ...base, column: 'personal_linked', repair: 'os_reinstall', linkedAccount: 't***@example.com' });
    assert.deepEqual(reinstall.steps.map((s) => s.code), ['SIGN_IN_WITH_LINKED_ACCOUNT']);
    assert.match(reinstall.steps[0]!.text.en, /\(t\*\*\*@example\.com\)/);
    assert.match(reinstall.steps[0]!.text.ja, /t\*\*\*@example\.com/);
    assert.deepEqual(codes({ ...base, column: 'personal_linked' }), ['SIGN_IN_WITH_LINKED_ACCOUNT', 'OLD_DEVICE_FREED']);
  });

  it('anything else: nothing to do, for every column', () => {
    for (const column of ['business', 'personal_linked', 'personal_unlinked'] as const) {
      assert.deepEqual(codes({ ...base, column, repair: 'other' }), ['NOTHING_TO_DO:done']);
    }
  });

  it('a license that lost access: renew first, whatever the repair', () => {
    for (const licenseState of ['disabled', 'cancelled', 'deleted'] as const) {
      const advice = adviseReactivation({ ...base, licenseState });
      assert.equal(advice.blocked, true);
      assert.deepEqual(advice.steps.map((s) => s.code), ['RENEW_FIRST']);
      assert.match(advice.steps[0]!.text.en, new RegExp(`is ${licenseState}`));
    }
    assert.equal(adviseReactivation({ ...base, licenseState: 'expired' }).blocked, false, 'grace still works');
  });
});

describe('the support path shows progress from the real case', () => {
  it('no case yet: every step to do; the repair report only for a motherboard', () => {
    assert.deepEqual(codes(base), ['OPEN_SUPPORT_CASE', 'UPLOAD_PROOF_OF_PURCHASE', 'UPLOAD_REPAIR_REPORT', 'WAIT_FOR_APPROVAL', 'ENTER_REACTIVATION_CODE']);
  });

  it('an open case with its receipt: two steps done; an OEM report on file counts as the repair report', () => {
    const supportCase = { id: 'case_1', state: 'open' as const, hasProofOfPurchase: true, hasRepairReport: false };
    assert.deepEqual(codes({ ...base, supportCase }), ['OPEN_SUPPORT_CASE:done', 'UPLOAD_PROOF_OF_PURCHASE:done', 'UPLOAD_REPAIR_REPORT', 'WAIT_FOR_APPROVAL', 'ENTER_REACTIVATION_CODE']);
    assert.deepEqual(codes({ ...base, supportCase, oemRepairReportOnFile: true })[2], 'UPLOAD_REPAIR_REPORT:done');
  });

  it('approved: the code is to be entered before it expires; resolved: all done', () => {
    const approved = { id: 'case_1', state: 'approved' as const, hasProofOfPurchase: true, hasRepairReport: true, codeExpiresAt: '2026-11-24T00:30:00.000Z' };
    const advice = adviseReactivation({ ...base, supportCase: approved });
    assert.deepEqual(advice.steps.map((s) => s.done), [true, true, true, true, false]);
    assert.match(advice.steps[4]!.text.en, /before 2026-11-24T00:30:00.000Z/);
    assert.match(advice.steps[4]!.text.ja, /^2026-11-24T00:30:00.000Z までに/);
    const resolved = adviseReactivation({ ...base, supportCase: { ...approved, state: 'resolved', codeExpiresAt: undefined } });
    assert.ok(resolved.steps.every((s) => s.done));
    assert.doesNotMatch(resolved.steps[4]!.text.en, /before/);
  });

  it('a rejected case: say so, and start again', () => {
    const rejected = { id: 'case_1', state: 'rejected' as const, hasProofOfPurchase: true, hasRepairReport: true };
    assert.deepEqual(codes({ ...base, supportCase: rejected }), ['CASE_REJECTED', 'OPEN_SUPPORT_CASE', 'UPLOAD_PROOF_OF_PURCHASE', 'UPLOAD_REPAIR_REPORT', 'WAIT_FOR_APPROVAL', 'ENTER_REACTIVATION_CODE']);
  });

  it('every text is filled in both languages (no placeholder left)', () => {
    const facts: AdvisorFacts[] = [base, { ...base, column: 'personal_linked', linkedAccount: 'x***@y.jp' }, { ...base, repair: 'os_reinstall' }, { ...base, licenseState: 'disabled' }];
    for (const f of facts) for (const s of adviseReactivation(f).steps) assert.doesNotMatch(`${s.text.en}${s.text.ja}`, /[{}]/, s.code);
  });
});
