// Civil days in the organization's time zone (SPEC §4: "transitions happen at local midnight
// and must be right across daylight-saving changes").
//
// A day is not always 24 hours: the day of a spring-forward change is 23 h, autumn 25 h, and in
// a few zones (e.g. America/Santiago) midnight itself is skipped and the day starts at 01:00.
// So "the start of day D" is asked of the time-zone rules (Temporal's startOfDay), never
// computed as "previous midnight + 24 h".
import { Temporal } from 'temporal-polyfill';

/** The civil date an instant falls on in `timeZone` (an IANA name such as "Asia/Tokyo"). */
export function localDate(instant: Temporal.Instant, timeZone: string): Temporal.PlainDate {
  return instant.toZonedDateTimeISO(timeZone).toPlainDate();
}

/** The first instant of civil day `date` in `timeZone`: local midnight, or the first valid
 * local time when a DST change skips midnight. */
export function startOfLocalDay(date: Temporal.PlainDate, timeZone: string): Temporal.Instant {
  return date.toZonedDateTime({ timeZone }).startOfDay().toInstant();
}
