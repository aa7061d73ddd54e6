// Who is signed in: GET /v1/me on load (the session cookie is httpOnly; /v1/me also gives the
// session's CSRF token, so a reloaded portal can still write), sign-in and sign-out.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, configureClient } from '../api/client.ts';
import type { Me, Role } from '../api/types.ts';
import type { Membership } from './navigation.ts';

export type SessionState = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; me: Me };

interface SessionValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Reads /v1/me again (after a redemption made a new organization, say). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const load = useCallback(async () => {
    try {
      const me = await api.get('/v1/me');
      configureClient({ csrfToken: me.csrfToken });
      setState({ status: 'signedIn', me });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'signedOut' });
      else throw error;
    }
  }, []);

  useEffect(() => {
    // An expired session shows the sign-in page at the next request that meets it.
    configureClient({ onUnauthenticated: () => setState({ status: 'signedOut' }) });
    void load();
  }, [load]);

  const value = useMemo<SessionValue>(() => ({
    state,
    async signIn(email, password) {
      const session = await api.post('/v1/sessions', { body: { email, password } });
      configureClient({ csrfToken: session.csrfToken });
      await load();
    },
    async signOut() {
      try {
        await api.delete('/v1/session');
      } finally {
        configureClient({ csrfToken: null });
        setState({ status: 'signedOut' });
      }
    },
    refresh: load,
  }), [state, load]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <SessionProvider>');
  return value;
}

/** The signed-in person (only under pages that require one). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe while not signed in');
  return state.me;
}

/** An organization the person may look at: one of their own, or a customer a partner of theirs administers (delegated). */
export interface PortalOrganization extends Membership {
  name: string;
  /** The roles granted (their own, or the relationships'). */
  roles: readonly Role[];
  onBehalf?: { partners: readonly { organizationId: string; name: string; endsAt: string | null; autoExtend: boolean }[] } | undefined;
}

/** The person's own organizations, then the customers they act on through delegated administration. */
export function organizationsOf(me: Me): PortalOrganization[] {
  return [
    ...me.organizations,
    ...me.delegatedOrganizations.map((d) => ({
      id: d.id,
      name: d.name,
      kind: 'customer',
      roles: d.roles,
      effectiveRoles: d.effectiveRoles,
      onBehalf: { partners: d.relationships.map((r) => ({ ...r.partner, endsAt: r.endsAt, autoExtend: r.autoExtend })) },
    })),
  ];
}

export function useOrganizations(): PortalOrganization[] {
  const me = useMe();
  return useMemo(() => organizationsOf(me), [me]);
}

/**
 * Whether the signed-in person holds one of `roles` (effective roles, as /v1/me says, delegated
 * ones included) in the organization, or with 'vendor' in the vendor's. Only to offer what the
 * API would allow.
 */
export function useHolds(organization: string, roles: readonly Role[]): boolean {
  const held = useOrganizations().find((o) => (organization === 'vendor' ? o.kind === 'vendor' : o.id === organization))?.effectiveRoles ?? [];
  return roles.some((role) => held.includes(role));
}
