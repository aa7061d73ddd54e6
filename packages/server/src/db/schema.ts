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
  on_behalf_of_organization_id: string | null;
  delegation_id: string | null;
}

export interface BillingIssuersTable {
  id: string;
  name_ja: string;
  name_en: string;
  registration_number: string;
  registrant: string;
  address_ja: string;
  address_en: string;
  phone: string | null;
  email: string | null;
  bank_account_ja: string | null;
  bank_account_en: string | null;
  tax_rounding: string;
  bank_transfer_due_days: number;
  auto_renewal_due_days: number;
  invoice_prefix: string;
  last_invoice_sequence: number;
  is_default: number;
  created_at: string;
  updated_at: string;
}

export interface DelegationNoticesTable {
  customer_organization_id: string;
  delegation_id: string;
  end_date: string;
  days_before: number;
  sent_on: string;
  created_at: string;
}

export interface DelegationsTable {
  customer_organization_id: string;
  id: string;
  partner_organization_id: string;
  roles: string;
  duration_days: number;
  auto_extend: number;
  state: string;
  end_reason: string | null;
  offered_at: string;
  offered_by: string | null;
  accept_by: string;
  accept_until: string;
  acceptance_token_hash: string;
  accepted_at: string | null;
  accepted_by_user_id: string | null;
  term_start: string | null;
  end_date: string | null;
  ends_at: string | null;
  extensions: number;
  ended_at: string | null;
  due_at: string | null;
  updated_at: string;
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

export interface InvoicesTable {
  organization_id: string;
  id: string;
  issuer_id: string;
  sequence: number;
  number: string;
  kind: string;
  order_id: string;
  original_invoice_id: string | null;
  refund_id: string | null;
  currency: string;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  issued_at: string;
  issue_date: string;
  transaction_date: string;
  refund_date: string | null;
  content: string;
  original_delivered_at: string | null;
  copies: number;
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

export interface OrderLinesTable {
  organization_id: string;
  order_id: string;
  line_no: number;
  purpose: string;
  plan_id: string;
  subscription_id: string | null;
  seats: number;
  term_months: number;
  unit_price_minor: number;
  amount_minor: number;
  tax_class: string;
  description_ja: string;
  description_en: string;
  period_start: string;
  period_end: string;
  applied_subscription_id: string | null;
  applied_change_id: string | null;
}

export interface OrderNumberSequenceTable {
  id: number;
  last_value: number;
}

export interface OrdersTable {
  organization_id: string;
  id: string;
  number: string;
  channel: string;
  status: string;
  payment_method: string;
  currency: string;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  issuer_id: string;
  tax_rounding: string;
  ordered_by_user_id: string | null;
  due_date: string;
  due_at: string;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  applied_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  cancel_detail: string | null;
  card_attempt: number;
  card_attempt_started_at: string | null;
  card_reference: string | null;
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

export interface PartnersTable {
  organization_id: string;
  partner_id: string;
  delegated_admin_enrolled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PaymentsTable {
  organization_id: string;
  id: string;
  order_id: string;
  method: string;
  provider: string;
  reference: string;
  amount_minor: number;
  currency: string;
  received_at: string;
  applied: number;
  recorded_by: string | null;
  created_at: string;
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

export interface RefundsTable {
  organization_id: string;
  id: string;
  order_id: string;
  payment_id: string;
  reason: string;
  amount_minor: number;
  tax_minor: number;
  total_minor: number;
  currency: string;
  method: string;
  state: string;
  attempts: number;
  next_attempt_at: string;
  provider_reference: string | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
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
  successor_subscription_id: string | null;
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
  billing_issuers: BillingIssuersTable;
  delegation_notices: DelegationNoticesTable;
  delegations: DelegationsTable;
  deliveries: DeliveriesTable;
  device_management: DeviceManagementTable;
  devices: DevicesTable;
  hardware_products: HardwareProductsTable;
  idempotency_keys: IdempotencyKeysTable;
  instance_settings: InstanceSettingsTable;
  invoices: InvoicesTable;
  key_batches: KeyBatchesTable;
  licenses: LicensesTable;
  memberships: MembershipsTable;
  notification_preferences: NotificationPreferencesTable;
  oem_partners: OemPartnersTable;
  order_lines: OrderLinesTable;
  order_number_sequence: OrderNumberSequenceTable;
  orders: OrdersTable;
  organizations: OrganizationsTable;
  outbox_events: OutboxEventsTable;
  partners: PartnersTable;
  payments: PaymentsTable;
  plans: PlansTable;
  product_keys: ProductKeysTable;
  products: ProductsTable;
  rate_limits: RateLimitsTable;
  reactivation_codes: ReactivationCodesTable;
  redemption_cart_items: RedemptionCartItemsTable;
  redemption_carts: RedemptionCartsTable;
  refunds: RefundsTable;
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
