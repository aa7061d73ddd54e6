// Delegated administration (SPEC §7): the rules of an offer, of its term, of the expiry notices
// and of the 180-day auto-extension. Pure: `today` is always a parameter, a civil day in the
// customer organization's time zone (the server reads the clock once, at the edge).
//
// Rules chosen where the SPEC is silent (docs/decisions.md "Partners and delegated
// administration"):
// - The duration is a whole number of days, 1 to 730 ("2 years"). Access begins at acceptance
//   and lasts through the end of the day `durationDays` after the day of acceptance, in the
//   customer's zone: a 1-day delegation accepted at 23:50 still gives the partner the whole next
//   day. Like subscriptions, access ends at local midnight.
// - An offer can be accepted for 14 days (through the 14th day after the day it was made).
// - Expiry notices go out 30, 7 and 1 days before the last day, each at most once per term, only
//   for notice days after the term's first day (a 5-day delegation gets only the 1-day notice),
//   and, when a sweep was missed, only the latest one due (as renewal reminders do).
// - Auto-extension: when the last day has passed, the term is extended by 180 days, again and
//   again, until either side ends the delegation. It is refused with the global-admin role.
import { Temporal } from 'temporal-polyfill';

/** The customer roles a partner may be granted: the administrative ones (not plain `member`). */
export const DELEGABLE_ROLES = ['global_admin', 'billing_admin', 'license_admin', 'user_admin'] as const;
export type DelegableRole = (typeof DELEGABLE_ROLES)[number];

export const DELEGATION_MIN_DAYS = 1;
export const DELEGATION_MAX_DAYS = 730;
export const AUTO_EXTENSION_DAYS = 180;
export const OFFER_VALID_DAYS = 14;
/** Days before the last day of access on which both sides are told it ends. */
export const DELEGATION_NOTICE_DAYS = [30, 7, 1] as const;
export type DelegationNoticeDays = (typeof DELEGATION_NOTICE_DAYS)[number];

export type DelegationOfferProblem = 'ROLES_EMPTY' | 'ROLE_NOT_DELEGABLE' | 'DURATION_OUT_OF_RANGE' | 'AUTO_EXTEND_WITH_GLOBAL_ADMIN';

/** What is wrong with an offer, in this order; empty when it may be made. */
export function delegationOfferProblems(offer: { roles: readonly string[]; durationDays: number; autoExtend: boolean }): DelegationOfferProblem[] {
  const problems: DelegationOfferProblem[] = [];
  if (offer.roles.length === 0) problems.push('ROLES_EMPTY');
  if (offer.roles.some((role) => !(DELEGABLE_ROLES as readonly string[]).includes(role))) problems.push('ROLE_NOT_DELEGABLE');
  if (!Number.isInteger(offer.durationDays) || offer.durationDays < DELEGATION_MIN_DAYS || offer.durationDays > DELEGATION_MAX_DAYS) {
    problems.push('DURATION_OUT_OF_RANGE');
  }
  if (offer.autoExtend && offer.roles.includes('global_admin')) problems.push('AUTO_EXTEND_WITH_GLOBAL_ADMIN');
  return problems;
}

/** The last day an offer made on `offeredOn` can be accepted. */
export function offerAcceptBy(offeredOn: Temporal.PlainDate): Temporal.PlainDate {
  return offeredOn.add({ days: OFFER_VALID_DAYS });
}

/** The last day of access of a delegation accepted on `acceptedOn`. */
export function delegationEndDate(acceptedOn: Temporal.PlainDate, durationDays: number): Temporal.PlainDate {
  return acceptedOn.add({ days: durationDays });
}

export interface DelegationTerm {
  /** The first day of the current term: the day of acceptance, or the day after the previous end. */
  termStart: Temporal.PlainDate;
  /** The last day of access of the current term. */
  endDate: Temporal.PlainDate;
}

export type DelegationNotice = Readonly<{ daysBefore: DelegationNoticeDays; on: Temporal.PlainDate }>;

/** The notice days of a term, earliest first: those after the term's first day. */
export function delegationNoticeDates(term: DelegationTerm): DelegationNotice[] {
  return DELEGATION_NOTICE_DAYS.map((daysBefore) => ({ daysBefore, on: term.endDate.subtract({ days: daysBefore }) })).filter(
    (notice) => Temporal.PlainDate.compare(notice.on, term.termStart) > 0,
  );
}

/** The notice to send on `today`: the latest one reached, unless already sent; none after the last day. */
export function dueDelegationNotice(term: DelegationTerm, today: Temporal.PlainDate, alreadySent: readonly number[]): DelegationNotice | undefined {
  if (Temporal.PlainDate.compare(today, term.endDate) > 0) return undefined;
  const latest = delegationNoticeDates(term)
    .filter((notice) => Temporal.PlainDate.compare(notice.on, today) <= 0)
    .at(-1);
  return latest === undefined || alreadySent.includes(latest.daysBefore) ? undefined : latest;
}

export type DelegationLapse =
  | { kind: 'none' }
  | { kind: 'expire' }
  /** Extended `times` times by 180 days (more than once only when sweeps were missed that long). */
  | { kind: 'extend'; term: DelegationTerm; times: number };

/** What happens to an accepted delegation on `today`: nothing, expiry, or auto-extension. */
export function delegationLapse(term: DelegationTerm, autoExtend: boolean, today: Temporal.PlainDate): DelegationLapse {
  if (Temporal.PlainDate.compare(today, term.endDate) <= 0) return { kind: 'none' };
  if (!autoExtend) return { kind: 'expire' };
  let { endDate } = term;
  let times = 0;
  while (Temporal.PlainDate.compare(today, endDate) > 0) {
    endDate = endDate.add({ days: AUTO_EXTENSION_DAYS });
    times += 1;
  }
  const previousEnd = endDate.subtract({ days: AUTO_EXTENSION_DAYS });
  return { kind: 'extend', term: { termStart: previousEnd.add({ days: 1 }), endDate }, times };
}

/**
 * The next day after `today` on which an accepted delegation has something to do: a notice
 * day of its term, or the day after its last day (expiry or extension).
 */
export function nextDelegationDue(term: DelegationTerm, today: Temporal.PlainDate): Temporal.PlainDate {
  const lapse = term.endDate.add({ days: 1 });
  const notice = delegationNoticeDates(term).find((n) => Temporal.PlainDate.compare(n.on, today) > 0);
  return notice && Temporal.PlainDate.compare(notice.on, lapse) < 0 ? notice.on : lapse;
}
