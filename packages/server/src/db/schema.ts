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

export interface DeliveriesTable {
  organization_id: string;
  id: string;
  event_id: string;
  event_type: string;
  channel: string;
  recipient_id: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_error: string | null;
  last_status: number | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeviceManagementTable {
  organization_id: string;
  device_id: string;
  domain_joined: number;
  requires_authentication: number;
  enforced_agent: number;
  group_policy_enforced: number;
  configured_by_organization: number;
  virtual_desktop_access: string;
  portable_workspace_third_party: number;
  updated_at: string;
}

export interface DevicesTable {
  organization_id: string;
  id: string;
  license_id: string;
  fingerprint: string;
  board_hash: string | null;
  disk_hash: string | null;
  os_install_hash: string | null;
  cpu_hash: string | null;
  mac_hash: string | null;
  name: string | null;
  token_hash: string;
  first_activated_at: string;
  activated_at: string;
  last_check_in_at: string | null;
  deactivated_at: string | null;
  deactivated_by: string | null;
  replaced_by_device_id: string | null;
}

export interface HardwareProductsTable {
  organization_id: string;
  id: string;
  serial_number: string | null;
  product_number: string | null;
  imei: string | null;
  model: string;
  purchase_date: string | null;
  seller: string | null;
  product_key_id: string | null;
  created_at: string;
  updated_at: string;
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

export interface LicensesTable {
  organization_id: string;
  id: string;
  kind: string;
  plan_id: string;
  product_key_id: string | null;
  user_id: string | null;
  device_limit: number;
  active_devices: number;
  created_at: string;
  linked_user_id: string | null;
  linked_at: string | null;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface NotificationPreferencesTable {
  user_id: string;
  reminders: number;
  marketing: number;
  updated_at: string;
}

export interface OemPartnersTable {
  organization_id: string;
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
  fanned_out_at: string | null;
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

export interface ReactivationCodesTable {
  organization_id: string;
  id: string;
  case_id: string;
  license_id: string;
  code_hash: string;
  state: string;
  expires_at: string;
  issued_at: string;
  redeemed_at: string | null;
  redeemed_device_id: string | null;
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

export interface RepairReportsTable {
  organization_id: string;
  id: string;
  hardware_product_id: string;
  serial_number: string | null;
  imei: string | null;
  repair: string;
  repaired_on: string;
  details: string;
  pdf: Uint8Array;
  pdf_sha256: string;
  created_at: string;
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

export interface SimulationOrganizationsTable {
  organization_id: string;
  simulation_id: string;
  created_at: string;
}

export interface SimulationsTable {
  id: string;
  name: string;
  starts_at: string;
  current_at: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
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

export interface SubscriptionRemindersTable {
  organization_id: string;
  subscription_id: string;
  term_end_date: string;
  days_before: number;
  sent_on: string;
  created_at: string;
}

export interface SubscriptionSweepsTable {
  organization_id: string;
  subscription_id: string;
  due_at: string | null;
  swept_end_date: string | null;
  swept_cancelled_on: string | null;
  deletion_noticed_for: string | null;
  deprovisioned_at: string | null;
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

export interface SupportCaseAttachmentsTable {
  organization_id: string;
  id: string;
  case_id: string;
  kind: string;
  media_type: string;
  file_name: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  receipt_model: string | null;
  receipt_purchase_date: string | null;
  receipt_serial_number: string | null;
  created_at: string;
}

export interface SupportCasesTable {
  organization_id: string;
  id: string;
  license_id: string;
  device_id: string | null;
  serial_number: string | null;
  repair: string;
  state: string;
  opened_by: string;
  description: string | null;
  attachment_count: number;
  decision_note: string | null;
  decided_at: string | null;
  resolved_at: string | null;
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

export interface WebhookEndpointsTable {
  organization_id: string;
  id: string;
  url: string;
  description: string;
  event_types: string;
  sealed_secret: string;
  sealed_previous_secret: string | null;
  previous_secret_expires_at: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DB {
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  deliveries: DeliveriesTable;
  device_management: DeviceManagementTable;
  devices: DevicesTable;
  hardware_products: HardwareProductsTable;
  idempotency_keys: IdempotencyKeysTable;
  instance_settings: InstanceSettingsTable;
  key_batches: KeyBatchesTable;
  licenses: LicensesTable;
  memberships: MembershipsTable;
  notification_preferences: NotificationPreferencesTable;
  oem_partners: OemPartnersTable;
  organizations: OrganizationsTable;
  outbox_events: OutboxEventsTable;
  plans: PlansTable;
  product_keys: ProductKeysTable;
  products: ProductsTable;
  rate_limits: RateLimitsTable;
  reactivation_codes: ReactivationCodesTable;
  redemption_cart_items: RedemptionCartItemsTable;
  redemption_carts: RedemptionCartsTable;
  repair_reports: RepairReportsTable;
  seat_assignments: SeatAssignmentsTable;
  seat_counters: SeatCountersTable;
  sessions: SessionsTable;
  simulation_organizations: SimulationOrganizationsTable;
  simulations: SimulationsTable;
  subscription_changes: SubscriptionChangesTable;
  subscription_reminders: SubscriptionRemindersTable;
  subscription_sweeps: SubscriptionSweepsTable;
  subscriptions: SubscriptionsTable;
  support_case_attachments: SupportCaseAttachmentsTable;
  support_cases: SupportCasesTable;
  users: UsersTable;
  webhook_endpoints: WebhookEndpointsTable;
}
