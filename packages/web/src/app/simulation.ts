// Simulations' sandbox organizations, as the portal must treat them. A route naming a sandbox
// runs on its simulation's clock by itself; a redemption's routes name no organization, so a
// redemption into a sandbox carries the simulation's header on every request, from the cart's
// creation on (a cart made at real time may have expired at the simulated time, or not yet
// exist), and offers only that simulation's sandboxes as targets. Other redemptions never offer
// a sandbox: it would get a history at real time that its clock never showed.
import { api } from '../api/client.ts';
import { useLoad } from '../components/hooks.ts';
import { useHolds } from './session.tsx';

/** The header that makes a request run on a simulation's clock (modules/simulation/request-clock.ts). */
export const SIMULATION_HEADER = 'licentia-simulation';

/** Sandbox organization → its simulation, for vendor staff (only they see simulations); undefined while loading. */
export function useSandboxes(): ReadonlyMap<string, string> | undefined {
  const staff = useHolds('vendor', ['vendor_admin', 'support_agent']);
  const simulations = useLoad(async () => (staff ? (await api.get('/v1/simulations', { query: { limit: 200 } })).data : []), [staff]);
  if (!simulations.data) return undefined;
  return new Map(simulations.data.flatMap((s) => s.organizationIds.map((id) => [id, s.id] as const)));
}

/** The headers that put a request on the simulation's clock (none for real organizations). */
export function simulationHeaders(simulationId: string | null): Record<string, string> {
  return simulationId ? { [SIMULATION_HEADER]: simulationId } : {};
}
