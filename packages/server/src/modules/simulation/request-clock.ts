// Which clock a request runs on. Real time, except for a simulation's sandbox organizations:
// - a route naming a sandbox organization (`:organizationId`) runs at its simulation's frozen
//   instant, whoever calls it and with no header needed, so a sandbox is never touched at real
//   time by mistake;
// - a route naming no organization (a redemption cart, whose target is in the body) runs at a
//   simulation's instant when the request carries `Licentia-Simulation: <simulation id>`,
//   which vendor staff and members of that simulation's sandboxes may send.
// A header that contradicts the organization of the route (another simulation, or a real
// organization) is refused rather than ignored: acting on real data at a simulated time, or on
// a sandbox at another clock, would record a history that never happened.
// Authentication runs before this, on real time: sessions and tokens expire in real time.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { vendorRoles } from '../../auth/principal.ts';
import type { DB } from '../../db/schema.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { getSimulation, holdsSandboxOf, simulationOfOrganization } from './store.ts';

export const SIMULATION_HEADER = 'licentia-simulation';

export async function requestClock(db: Kysely<DB>, request: FastifyRequest): Promise<Temporal.Instant> {
  const raw = request.headers[SIMULATION_HEADER];
  const header = (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
  const organizationId = (request.params as { organizationId?: unknown } | undefined)?.organizationId;
  if (typeof organizationId === 'string' && organizationId !== '') {
    const simulation = await simulationOfOrganization(db, organizationId);
    if (simulation && (header === undefined || header === simulation.id)) return Temporal.Instant.from(simulation.current_at);
    if (header !== undefined) throw new DomainError('SIMULATION_MISMATCH', { organizationId, simulationId: header });
    return request.now;
  }
  if (header === undefined) return request.now;
  const simulation = await getSimulation(db, header);
  const principal = request.principal;
  const allowed =
    simulation !== undefined &&
    principal.kind !== 'anonymous' &&
    (vendorRoles(principal).size > 0 || (await holdsSandboxOf(db, simulation.id, [...principal.roles.keys()])));
  if (!simulation || !allowed) throw new DomainError('NOT_FOUND', { resource: 'simulation' });
  return Temporal.Instant.from(simulation.current_at);
}
