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

export interface KeyBatchesTable {
  id: string;
  plan_id: string;
  kind: string;
  seats_per_key: number;
  quantity: number;
  redeem_by: string;
  redeemable_until: string;
  partner_organization_id: string | null;
  label: string | null;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  sealed_csv: string | null;
  csv_downloaded_at: string | null;
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

export interface OutboxEventsTable {
  id: string;
  organization_id: string;
  type: string;
  payload: string;
  occurred_at: string;
}

export interface PlansTable {
  id: string;
  product_id: string;
  sku: string;
  name_en: string;
  name_ja: string;
  term_months: number;
  price_minor: number;
  currency: string;
  tax_class: string;
  category: string;
  segments: string;
  countries: string;
  devices_per_seat: number;
  max_seats_per_subscription: number;
  trial_days: number | null;
  lifecycle_policy: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ProductKeysTable {
  id: string;
  batch_id: string;
  key_hash: string;
  last5: string;
  state: string;
  redeemed_at: string | null;
  redeemed_by_user_id: string | null;
  redeemed_organization_id: string | null;
  subscription_id: string | null;
  revoked_at: string | null;
}

export interface ProductsTable {
  id: string;
  name_en: string;
  name_ja: string;
  created_at: string;
  updated_at: string;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: number;
  hits: number;
}

export interface RedemptionCartItemsTable {
  cart_id: string;
  product_key_id: string;
  added_at: string;
}

export interface RedemptionCartsTable {
  id: string;
  owner_user_id: string;
  state: string;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
  organization_id: string | null;
}

export interface SeatAssignmentsTable {
  organization_id: string;
  plan_id: string;
  user_id: string;
  assigned_at: string;
  assigned_by: string | null;
}

export interface SeatCountersTable {
  organization_id: string;
  plan_id: string;
  assigned: number;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  client_ip: string | null;
}

export interface SubscriptionChangesTable {
  organization_id: string;
  id: string;
  subscription_id: string;
  kind: string;
  seats: number;
  term_start: string;
  term_end: string;
  ordered_at: string;
  window_closes_at: string;
  source: string;
  product_key_id: string | null;
  amount_minor: number;
  currency: string;
  cancelled_at: string | null;
  refunded_minor: number | null;
}

export interface SubscriptionsTable {
  organization_id: string;
  id: string;
  plan_id: string;
  seats: number;
  term_months: number;
  anchor_day: number;
  start_date: string;
  end_date: string;
  state: string;
  auto_renew: number;
  billing_mode: string;
  is_trial: number;
  partner_organization_id: string | null;
  cancelled_on: string | null;
  created_at: string;
  updated_at: string;
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
  key_batches: KeyBatchesTable;
  memberships: MembershipsTable;
  organizations: OrganizationsTable;
  outbox_events: OutboxEventsTable;
  plans: PlansTable;
  product_keys: ProductKeysTable;
  products: ProductsTable;
  rate_limits: RateLimitsTable;
  redemption_cart_items: RedemptionCartItemsTable;
  redemption_carts: RedemptionCartsTable;
  seat_assignments: SeatAssignmentsTable;
  seat_counters: SeatCountersTable;
  sessions: SessionsTable;
  subscription_changes: SubscriptionChangesTable;
  subscriptions: SubscriptionsTable;
  users: UsersTable;
}
