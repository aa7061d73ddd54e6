// Renewal reminders (SPEC §4): 60, 30, 7 and 1 days before E, each at most once per term,
// never once the term is renewed or paid.
//
// Catch-up rule (the SPEC is silent): if the sweeper could not run for a while, only the most
// recent missed reminder is sent. Sending "60 days left" and "30 days left" together on the
// same day would be noise, and the later one says everything the earlier one did. The
// skipped ones are never due again, because a later reminder always supersedes them.
// Reminders dated before the term started belong to the previous term (short monthly terms)
// and are never sent for this one; nothing is sent after E (the grace-period warnings are a
// separate notice).
import { Temporal } from 'temporal-polyfill';
import type { LifecyclePolicy } from './policy.ts';

export type Reminder = Readonly<{ daysBefore: number; on: Temporal.PlainDate }>;

/** The reminder dates of a term ending `endDate`, earliest first. */
export function reminderDates(endDate: Temporal.PlainDate, policy: LifecyclePolicy): Reminder[] {
  return [...policy.reminderDays]
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, on: endDate.subtract({ days: daysBefore }) }));
}

/**
 * Reminders to send on `today`: zero or one (see the catch-up rule above). `alreadySent`
 * holds the `daysBefore` of reminders recorded for this term; the sweeper records what it
 * sends under a unique (subscription, term, daysBefore) key so a second run is a no-op.
 */
export function dueReminders(input: {
  endDate: Temporal.PlainDate;
  today: Temporal.PlainDate;
  alreadySent: readonly number[];
  /** The term was renewed or paid: no more reminders for it. */
  renewed: boolean;
  policy: LifecyclePolicy;
  /** First day of the term; reminders dated before it are not this term's. */
  termStart?: Temporal.PlainDate | undefined;
}): Reminder[] {
  const { endDate, today, alreadySent, renewed, policy, termStart } = input;
  if (renewed || Temporal.PlainDate.compare(today, endDate) > 0) return [];
  const reached = reminderDates(endDate, policy).filter(
    (r) =>
      Temporal.PlainDate.compare(r.on, today) <= 0 &&
      (termStart === undefined || Temporal.PlainDate.compare(r.on, termStart) >= 0),
  );
  const latest = reached.at(-1);
  if (latest === undefined || alreadySent.includes(latest.daysBefore)) return [];
  return [latest];
}
