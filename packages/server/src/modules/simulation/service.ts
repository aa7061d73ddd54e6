// Simulations (SPEC §4 "a vendor can run a simulation with a clock that is advanced day by day",
// like Stripe's test clocks): a frozen instant, sandbox organizations that live on it, and an
// advance that moves it one day at a time, running the real sweeper for those organizations at
// each step. Nothing here decides a lifecycle date: the sweeper and the subscription rules do,
// with the simulation's instant as their `now`.
import { Temporal } from 'temporal-polyfill';
import { personOf } from '../../auth/principal.ts';
import { toStoredInstant } from '../../clock.ts';
import type { Database, DialectName } from '../../db/connect.ts';
import { inTransaction, type Tx } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { newId } from '../../ids.ts';
import { recordAudit, type AuditContext } from '../audit/audit-log.ts';
import { addMember } from '../members/service.ts';
import type { Segment } from '../organizations/schemas.ts';
import { createOrganization } from '../organizations/service.ts';
import { findVendorOrganizationId, type OrganizationRow } from '../organizations/store.ts';
import { noCounts, addCounts } from '../sweeper/apply.ts';
import { sweep, type SweepReport } from '../sweeper/sweep.ts';
import { getUser } from '../users/store.ts';
import { addSandbox, getSimulation, insertSimulation, moveClock, sandboxOrganizationIds, type SimulationRow } from './store.ts';

/** The most days one advance may cover: a year and a month, enough for any term's road. */
export const MAX_ADVANCE_DAYS = 400;
const DAY = { hours: 24 } as const;

export async function requireSimulation(db: Database['db'] | Tx, id: string): Promise<SimulationRow> {
  const row = await getSimulation(db, id);
  if (!row) throw new DomainError('NOT_FOUND', { resource: 'simulation' });
  return row;
}

/** Simulations are the vendor's: their changes are audited in the vendor organization's log. */
async function auditInVendorLog(tx: Tx, audit: AuditContext, action: string, simulationId: string, data: Record<string, unknown>) {
  const vendorId = await findVendorOrganizationId(tx);
  if (!vendorId) throw new Error('the vendor organization does not exist yet');
  await recordAudit(tx, audit, { organizationId: vendorId, action, target: { type: 'simulation', id: simulationId }, data });
}

export async function createSimulation(tx: Tx, audit: AuditContext, input: { name?: string | undefined; startsAt: Temporal.Instant }): Promise<SimulationRow> {
  const stored = toStoredInstant(input.startsAt);
  const now = toStoredInstant(audit.now);
  const row: SimulationRow = {
    id: newId('sim', audit.now),
    name: input.name?.trim() || `Simulation from ${stored}`,
    starts_at: stored,
    current_at: stored,
    created_by: personOf(audit.principal),
    created_at: now,
    updated_at: now,
  };
  await insertSimulation(tx, row);
  await auditInVendorLog(tx, audit, 'simulation.created', row.id, { name: row.name, startsAt: stored });
  return row;
}

export interface NewSandbox {
  name: string;
  country: string;
  segment?: Segment | undefined;
  timeZone?: string | undefined;
}

/**
 * A customer organization on the simulation's clock. The person creating it becomes its global
 * administrator, so they can redeem keys into it and act as its customer would.
 */
export async function addSandboxOrganization(
  context: { tx: Tx; dialect: DialectName; audit: AuditContext },
  simulation: SimulationRow,
  input: NewSandbox,
): Promise<OrganizationRow> {
  const { tx, dialect, audit } = context;
  const userId = personOf(audit.principal);
  const user = userId ? await getUser(tx, userId) : undefined;
  if (!user) throw new DomainError('USER_REQUIRED');
  const simulated: AuditContext = { ...audit, now: Temporal.Instant.from(simulation.current_at) };
  const organization = await createOrganization(tx, simulated, { kind: 'customer', name: input.name, country: input.country, segment: input.segment, timeZone: input.timeZone });
  await addSandbox(tx, simulation.id, organization.id, toStoredInstant(audit.now));
  await addMember(
    { tx, dialect, audit: simulated, organizationId: organization.id, grantor: { roles: new Set(), isVendorAdmin: true } },
    { email: user.email, name: user.name, roles: ['global_admin'] },
  );
  await auditInVendorLog(tx, audit, 'simulation.organization_added', simulation.id, { organizationId: organization.id });
  return organization;
}

export interface Advance {
  from: string;
  to: string;
  days: number;
  sweeps: SweepReport;
}

/**
 * Moves the clock `days` times by 24 hours; at each step the sweeper runs for the sandbox
 * organizations at the new instant, then the clock is moved. Each day commits on its own, so a
 * long advance never holds the database (SQLite's single writer) for long, and a crash
 * mid-way leaves a consistent simulation: the day in progress is swept again by the next
 * advance (sweeps are idempotent) and the clock shows the last day completed.
 */
export async function advanceSimulation(database: Database, simulationId: string, days: number, realNow: Temporal.Instant): Promise<Advance> {
  const simulation = await requireSimulation(database.db, simulationId);
  const sweeps: SweepReport = { ...noCounts(), batches: 0 };
  let current = simulation.current_at;
  for (let day = 1; day <= days; day++) {
    const next = Temporal.Instant.from(current).add(DAY);
    const organizationIds = await sandboxOrganizationIds(database.db, simulationId);
    const report = await sweep(database, { time: { now: next }, organizationIds });
    addCounts(sweeps, report);
    sweeps.batches += report.batches;
    const to = toStoredInstant(next);
    const moved = await inTransaction(database.db, (tx) => moveClock(tx, simulationId, current, to, toStoredInstant(realNow)));
    if (!moved) {
      const now = (await requireSimulation(database.db, simulationId)).current_at;
      throw new DomainError('SIMULATION_MOVED', { simulationId, now });
    }
    current = to;
  }
  return { from: simulation.current_at, to: current, days, sweeps };
}

export async function recordAdvance(tx: Tx, audit: AuditContext, simulationId: string, advance: Advance): Promise<void> {
  await auditInVendorLog(tx, audit, 'simulation.advanced', simulationId, { from: advance.from, to: advance.to, days: advance.days, sweeps: advance.sweeps });
}
