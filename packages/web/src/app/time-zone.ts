import { api } from '../api/client.ts';
import { useLoad } from '../components/hooks.ts';

/** The organization's time zone, in which its instants are shown (UTC until it is known). */
export function useTimeZone(organizationId: string | undefined): string {
  const organization = useLoad(async () => (organizationId ? api.get('/v1/organizations/{organizationId}', { path: { organizationId } }) : undefined), [organizationId]);
  return organization.data?.timeZone ?? 'UTC';
}
