// The server's configuration the portal adapts to (GET /v1/portal/settings): who takes card
// payments, and the largest file a support case accepts.
import { api } from '../api/client.ts';
import type { PortalSettings } from '../api/types.ts';
import { useLoad } from '../components/hooks.ts';

export function usePortalSettings(): PortalSettings | undefined {
  return useLoad(() => api.get('/v1/portal/settings'), []).data;
}
