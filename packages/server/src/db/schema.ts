// Generated from the migrated schema by `npm run db:types`. Do not edit by hand:
// change a migration, then regenerate. A test fails when this file is stale.

export interface ApiTokensTable {
  organization_id: string;
  id: string;
  name: string;
  token_hash: string;
  display_prefix: string;
  roles: string;
  created_by_user_id: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventsTable {
  organization_id: string;
  id: string;
  occurred_at: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_organization_id: string | null;
  target_type: string;
  target_id: string;
  data: string;
  request_id: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_fingerprint: string;
  state: string;
  locked_until: string;
  response: string | null;
  created_at: string;
  expires_at: string;
}

export interface InstanceSettingsTable {
  key: string;
  value: string;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface OrganizationsTable {
  id: string;
  kind: string;
  name: string;
  country: string;
  time_zone: string;
  segment: string;
  created_at: string;
  updated_at: string;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: number;
  hits: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  client_ip: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  locale: string;
  created_at: string;
  updated_at: string;
}

export interface DB {
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  instance_settings: InstanceSettingsTable;
  memberships: MembershipsTable;
  organizations: OrganizationsTable;
  rate_limits: RateLimitsTable;
  sessions: SessionsTable;
  users: UsersTable;
}
