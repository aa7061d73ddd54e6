// Simulations and their sandbox organizations in SQL. Rules live in service.ts.
import type { Kysely, Selectable } from 'kysely';
import type { DB, SimulationsTable } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export type SimulationRow = Selectable<SimulationsTable>;
type Reader = Kysely<DB> | Tx;

export async function getSimulation(db: Reader, id: string): Promise<SimulationRow | undefined> {
  return db.selectFrom('simulations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSimulation(tx: Tx, row: SimulationRow): Promise<void> {
  await tx.insertInto('simulations').values(row).execute();
}

/** Newest first; `after` is the last id of the previous page. */
export async function listSimulations(db: Reader, page: { limit: number; after: string | undefined }): Promise<SimulationRow[]> {
  let query = db.selectFrom('simulations').selectAll().orderBy('id', 'desc').limit(page.limit + 1);
  if (page.after) query = query.where('id', '<', page.after);
  return query.execute();
}

/** Moves the frozen clock from `from` to `to`; false when another request moved it first. */
export async function moveClock(tx: Tx, id: string, from: string, to: string, updatedAt: string): Promise<boolean> {
  const result = await tx
    .updateTable('simulations')
    .set({ current_at: to, updated_at: updatedAt })
    .where('id', '=', id)
    .where('current_at', '=', from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function addSandbox(tx: Tx, simulationId: string, organizationId: string, createdAt: string): Promise<void> {
  await tx.insertInto('simulation_organizations').values({ simulation_id: simulationId, organization_id: organizationId, created_at: createdAt }).execute();
}

export async function sandboxOrganizationIds(db: Reader, simulationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('simulation_organizations')
    .select('organization_id')
    .where('simulation_id', '=', simulationId)
    .orderBy('organization_id')
    .execute();
  return rows.map((r) => r.organization_id);
}

/** The simulation an organization lives in (with its clock), if it is a sandbox. */
export async function simulationOfOrganization(db: Reader, organizationId: string): Promise<{ id: string; current_at: string } | undefined> {
  return db
    .selectFrom('simulation_organizations as so')
    .innerJoin('simulations as s', 's.id', 'so.simulation_id')
    .select(['s.id', 's.current_at'])
    .where('so.organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** Whether any of these organizations is a sandbox of the simulation. */
export async function holdsSandboxOf(db: Reader, simulationId: string, organizationIds: readonly string[]): Promise<boolean> {
  if (organizationIds.length === 0) return false;
  const row = await db
    .selectFrom('simulation_organizations')
    .select('organization_id')
    .where('simulation_id', '=', simulationId)
    .where('organization_id', 'in', [...organizationIds])
    .executeTakeFirst();
  return row !== undefined;
}

export interface TimelineCursor {
  occurredAt: string;
  id: string;
}

/** The sandbox organizations' outbox events in simulated time order (then creation order). */
export async function timelineEvents(db: Reader, simulationId: string, page: { limit: number; after: TimelineCursor | undefined }) {
  let query = db
    .selectFrom('outbox_events as e')
    .innerJoin('simulation_organizations as so', 'so.organization_id', 'e.organization_id')
    .select(['e.id', 'e.organization_id', 'e.type', 'e.payload', 'e.occurred_at'])
    .where('so.simulation_id', '=', simulationId)
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .limit(page.limit + 1);
  const after = page.after;
  if (after) query = query.where(({ eb, refTuple, tuple }) => eb(refTuple('e.occurred_at', 'e.id'), '>', tuple(after.occurredAt, after.id)));
  return query.execute();
}
