// Seat assignments in the order that decides which are licensed (the oldest first; SPEC §5):
// when seats shrink, whether one assignment is still licensed is read by walking at most the
// excess assignments after it in this index (seats/service.ts seatStanding), instead of counting
// every earlier assignment of the plan (a scan of up to 10,000,000 rows per validation). The
// list of assignments reads in this order too, without a sort.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('seat_assignments_by_order')
    .on('seat_assignments')
    .columns(['organization_id', 'plan_id', 'assigned_at', 'user_id'])
    .execute();
}
