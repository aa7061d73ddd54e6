// The delegation sweeper (SPEC §7): expiry notices 30, 7 and 1 days before the last day, expiry
// the day after it, or the 180-day auto-extension. Shaped like the subscription sweeper
// (modules/sweeper): `due_at` holds each active relationship's next local midnight with work,
// read in index order up to `now`, so a sweep costs what is due; batches in one transaction
// each, rows taken `FOR UPDATE SKIP LOCKED` on PostgreSQL so any number of workers share the
// work (SQLite's single writer serializes them). Every effect has its guard, and only the winner
// announces: expiry and extension are conditional updates on (state, end date seen), a notice is
// a row whose primary key (delegation, end date, days before) refuses a second one. Run twice,
// or by several workers at once, it does what one run does.
//
// Access itself never waits for this: each request compares `ends_at` with its own instant.
//
// Time is an instant (the workers) or a day (`licentia sweep --as-of`): then each customer is
// swept at that day's first instant in its own time zone, as the subscription sweeper does.
import { Temporal } from 'temporal-polyfill';
import { delegationLapse, dueDelegationNotice, nextDelegationDue, type DelegationTerm } from '@licentia/core/partners';
import { localDate, startOfLocalDay } from '@licentia/core/lifecycle';
import { toStoredInstant } from '../../clock.ts';
import type { Database } from '../../db/connect.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import type { AuditContext } from '../audit/audit-log.ts';
import { sweepClock, type SweepTime } from '../sweeper/sweep.ts';
import { announceDelegation } from './announce.ts';
import type { DelegationRow } from './store.ts';

export const DELEGATION_BATCH_SIZE = 200;
/** The sweeper acts as the system: its audit rows name the actor `system`. */
const SYSTEM_AUDIT = { principal: { kind: 'anonymous' } } as const;

export interface DelegationSweepReport {
  examined: number;
  notices: number;
  expired: number;
  extended: number;
}

export async function sweepDelegations(database: Database, options: { time: SweepTime; batchSize?: number }): Promise<DelegationSweepReport> {
  const report: DelegationSweepReport = { examined: 0, notices: 0, expired: 0, extended: 0 };
  const limit = options.batchSize ?? DELEGATION_BATCH_SIZE;
  const { until, instantIn } = sweepClock(options.time);
  let after: { dueAt: string; customerId: string; id: string } | undefined;
  for (;;) {
    const batch = await inTransaction(database.db, async (tx) => {
      let query = tx.selectFrom('delegations').selectAll().where('state', '=', 'active').where('due_at', '<=', until);
      if (after) {
        const { dueAt, customerId, id } = after;
        query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('due_at', 'customer_organization_id', 'id'), '>', tuple(dueAt, customerId, id)));
      }
      query = query.orderBy('due_at').orderBy('customer_organization_id').orderBy('id').limit(limit);
      if (database.dialect === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      const zones = await zonesOf(tx, rows);
      for (const row of rows) {
        const zone = zones.get(row.customer_organization_id)!;
        const now = instantIn(zone);
        // Read up to the day's latest start (--as-of), a row may not be due yet in its own zone.
        if (row.due_at! > toStoredInstant(now)) continue;
        await sweepOne(tx, { ...SYSTEM_AUDIT, now }, row, zone, report);
      }
      return rows;
    });
    report.examined += batch.length;
    const last = batch.at(-1);
    if (batch.length < limit || !last) break;
    after = { dueAt: last.due_at!, customerId: last.customer_organization_id, id: last.id };
  }
  return report;
}

async function zonesOf(tx: Tx, rows: readonly DelegationRow[]): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const organizations = await tx.selectFrom('organizations').select(['id', 'time_zone']).where('id', 'in', [...new Set(rows.map((r) => r.customer_organization_id))]).execute();
  return new Map(organizations.map((o) => [o.id, o.time_zone]));
}

const date = (value: string) => Temporal.PlainDate.from(value);

async function sweepOne(tx: Tx, audit: AuditContext, row: DelegationRow, zone: string, report: DelegationSweepReport): Promise<void> {
  const today = localDate(audit.now, zone);
  const stored = toStoredInstant(audit.now);
  let current = row;
  let term: DelegationTerm = { termStart: date(row.term_start!), endDate: date(row.end_date!) };
  const lapse = delegationLapse(term, row.auto_extend === 1, today);
  if (lapse.kind === 'expire') {
    const ended = await asSeen(tx, row).set({ state: 'ended', end_reason: 'expired', ended_at: row.ends_at, due_at: null, updated_at: stored }).executeTakeFirst();
    if (ended.numUpdatedRows !== 1n) return;
    report.expired += 1;
    const endedRow: DelegationRow = { ...row, state: 'ended', end_reason: 'expired', ended_at: row.ends_at, due_at: null };
    const endedOn = term.endDate.add({ days: 1 }).toString();
    await announceDelegation(tx, audit, { row: endedRow, type: 'delegation.ended', actor: 'system', data: { reason: 'expired', endedOn, endDate: row.end_date } });
    return;
  }
  if (lapse.kind === 'extend') {
    term = lapse.term;
    current = {
      ...row,
      term_start: term.termStart.toString(),
      end_date: term.endDate.toString(),
      ends_at: toStoredInstant(startOfLocalDay(term.endDate.add({ days: 1 }), zone)),
      extensions: row.extensions + lapse.times,
    };
    const extended = await asSeen(tx, row)
      .set({ term_start: current.term_start, end_date: current.end_date, ends_at: current.ends_at, extensions: current.extensions, updated_at: stored })
      .executeTakeFirst();
    if (extended.numUpdatedRows !== 1n) return;
    report.extended += 1;
    await announceDelegation(tx, audit, {
      row: current,
      type: 'delegation.extended',
      actor: 'system',
      data: { previousEndDate: row.end_date, endDate: current.end_date, endsAt: current.ends_at, times: lapse.times },
    });
  }
  const notice = dueDelegationNotice(term, today, []);
  if (notice) {
    const inserted = await tx
      .insertInto('delegation_notices')
      .values({
        customer_organization_id: row.customer_organization_id,
        delegation_id: row.id,
        end_date: current.end_date!,
        days_before: notice.daysBefore,
        sent_on: today.toString(),
        created_at: stored,
      })
      .onConflict((oc) => oc.columns(['customer_organization_id', 'delegation_id', 'end_date', 'days_before']).doNothing())
      .returning('days_before')
      .executeTakeFirst();
    if (inserted) {
      report.notices += 1;
      await announceDelegation(tx, audit, {
        row: current,
        type: 'delegation.expiring',
        actor: 'system',
        data: { daysBefore: notice.daysBefore, endDate: current.end_date, endsAt: current.ends_at, today: today.toString(), autoExtend: current.auto_extend === 1 },
      });
    }
  }
  const dueAt = toStoredInstant(startOfLocalDay(nextDelegationDue(term, today), zone));
  await asSeen(tx, current).set({ due_at: dueAt }).execute();
}

/**
 * An update of the relationship as this sweep saw it (still active, with the end date seen): the
 * guard that lets only one of two sweeps expire, extend or reschedule it.
 */
function asSeen(tx: Tx, row: DelegationRow) {
  return tx
    .updateTable('delegations')
    .where('customer_organization_id', '=', row.customer_organization_id)
    .where('id', '=', row.id)
    .where('state', '=', 'active')
    .where('end_date', '=', row.end_date);
}
