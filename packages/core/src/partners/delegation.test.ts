// Delegated administration rules: offers, terms, expiry notices (30/7/1, once, latest only when
// caught up), expiry and the 180-day auto-extension, at exact day boundaries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import {
  delegationEndDate,
  delegationLapse,
  delegationNoticeDates,
  delegationOfferProblems,
  dueDelegationNotice,
  nextDelegationDue,
  offerAcceptBy,
  type DelegationTerm,
} from './delegation.ts';

const d = (value: string) => Temporal.PlainDate.from(value);
const term = (termStart: string, endDate: string): DelegationTerm => ({ termStart: d(termStart), endDate: d(endDate) });

describe('delegationOfferProblems', () => {
  it('accepts 1 to 730 days of named administrative roles', () => {
    assert.deepEqual(delegationOfferProblems({ roles: ['billing_admin'], durationDays: 1, autoExtend: true }), []);
    assert.deepEqual(delegationOfferProblems({ roles: ['global_admin'], durationDays: 730, autoExtend: false }), []);
  });

  it('names every problem, in order', () => {
    assert.deepEqual(delegationOfferProblems({ roles: [], durationDays: 0, autoExtend: false }), ['ROLES_EMPTY', 'DURATION_OUT_OF_RANGE']);
    assert.deepEqual(delegationOfferProblems({ roles: ['member'], durationDays: 731, autoExtend: false }), ['ROLE_NOT_DELEGABLE', 'DURATION_OUT_OF_RANGE']);
    assert.deepEqual(delegationOfferProblems({ roles: ['license_admin'], durationDays: 1.5, autoExtend: false }), ['DURATION_OUT_OF_RANGE']);
  });

  it('refuses the auto-extension with the global-admin role', () => {
    assert.deepEqual(delegationOfferProblems({ roles: ['user_admin', 'global_admin'], durationDays: 90, autoExtend: true }), ['AUTO_EXTEND_WITH_GLOBAL_ADMIN']);
  });
});

describe('dates of a delegation', () => {
  it('an offer can be accepted through the 14th day after it was made', () => {
    assert.equal(offerAcceptBy(d('2026-11-21')).toString(), '2026-12-05');
  });

  it('access lasts through the day `durationDays` after the day of acceptance, across month and leap-year ends', () => {
    assert.equal(delegationEndDate(d('2026-11-21'), 1).toString(), '2026-11-22');
    assert.equal(delegationEndDate(d('2027-12-31'), 60).toString(), '2028-02-29');
    assert.equal(delegationEndDate(d('2026-11-21'), 730).toString(), '2028-11-20');
  });
});

describe('expiry notices', () => {
  const year = term('2026-11-21', '2027-11-21');

  it('are dated 30, 7 and 1 days before the last day', () => {
    assert.deepEqual(delegationNoticeDates(year).map((n) => [n.daysBefore, n.on.toString()]), [
      [30, '2027-10-22'],
      [7, '2027-11-14'],
      [1, '2027-11-20'],
    ]);
  });

  it('skip notice days on or before the first day of the term', () => {
    assert.deepEqual(delegationNoticeDates(term('2026-11-21', '2026-11-26')).map((n) => n.daysBefore), [1]);
    assert.deepEqual(delegationNoticeDates(term('2026-11-21', '2026-11-28')).map((n) => n.daysBefore), [1], 'the 7-day notice would fall on the day of acceptance');
    assert.deepEqual(delegationNoticeDates(term('2026-11-21', '2026-11-22')).map((n) => n.daysBefore), []);
  });

  it('each is due from its day on, the latest one only, until the last day', () => {
    assert.equal(dueDelegationNotice(year, d('2027-10-21'), []), undefined, 'the day before the 30-day notice');
    assert.equal(dueDelegationNotice(year, d('2027-10-22'), [])?.daysBefore, 30);
    assert.equal(dueDelegationNotice(year, d('2027-10-22'), [30]), undefined, 'once');
    assert.equal(dueDelegationNotice(year, d('2027-11-15'), [30])?.daysBefore, 7, 'caught up a day late');
    assert.equal(dueDelegationNotice(year, d('2027-11-20'), [])?.daysBefore, 1, 'after missed sweeps: only the latest');
    assert.equal(dueDelegationNotice(year, d('2027-11-21'), [30, 7])?.daysBefore, 1, 'on the last day itself');
    assert.equal(dueDelegationNotice(year, d('2027-11-22'), []), undefined, 'never after the last day');
  });
});

describe('expiry and auto-extension', () => {
  const year = term('2026-11-21', '2027-11-21');

  it('nothing happens through the last day; the day after, it expires', () => {
    assert.deepEqual(delegationLapse(year, false, d('2027-11-21')), { kind: 'none' });
    assert.deepEqual(delegationLapse(year, false, d('2027-11-22')), { kind: 'expire' });
  });

  it('with auto-extension, it is extended by 180 days the day after its last day, as often as needed', () => {
    const once = delegationLapse(year, true, d('2027-11-22'));
    assert.deepEqual(once.kind === 'extend' && [once.times, once.term.termStart.toString(), once.term.endDate.toString()], [1, '2027-11-22', '2028-05-19']);
    const late = delegationLapse(year, true, d('2028-05-20'));
    assert.deepEqual(late.kind === 'extend' && [late.times, late.term.termStart.toString(), late.term.endDate.toString()], [2, '2028-05-20', '2028-11-15']);
  });

  it('the next day with work is the next notice day, else the day after the last day', () => {
    assert.equal(nextDelegationDue(year, d('2026-11-21')).toString(), '2027-10-22');
    assert.equal(nextDelegationDue(year, d('2027-10-22')).toString(), '2027-11-14');
    assert.equal(nextDelegationDue(year, d('2027-11-20')).toString(), '2027-11-22');
    assert.equal(nextDelegationDue(term('2026-11-21', '2026-11-22'), d('2026-11-21')).toString(), '2026-11-23');
  });
});
