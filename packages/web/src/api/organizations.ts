// Organizations named by id in a list (orders, support cases across customers): each read once.
import { api } from './client.ts';

export async function organizationsById(ids: Iterable<string>) {
  const unique = [...new Set(ids)];
  const organizations = await Promise.all(unique.map((organizationId) => api.get('/v1/organizations/{organizationId}', { path: { organizationId } })));
  return new Map(organizations.map((o) => [o.id, o]));
}
