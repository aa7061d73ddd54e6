// Rate-limit counters on PostgreSQL become an UNLOGGED table. Every online validation counts
// one hit, and a hit on a logged table is a commit that waits for the WAL to reach disk: about
// 3 ms here against 0.25 ms unlogged, which made the counter most of a validation's time
// (docs/performance.md, "Validation and check-in"). What unlogged gives up is fine for
// counters: after a PostgreSQL crash (or on a promoted standby) the table starts empty, so
// the windows running at that moment start again at zero. SQLite has no such table kind; its
// commits in WAL mode with synchronous=NORMAL do not wait for the disk already.
import { sql, type Kysely } from 'kysely';
import type { MigrationContext } from './context.ts';

export async function up(db: Kysely<any>, context: MigrationContext): Promise<void> {
  if (context.dialect === 'postgres') await sql`alter table rate_limits set unlogged`.execute(db);
}
