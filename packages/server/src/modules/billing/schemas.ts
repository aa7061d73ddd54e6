// The billing contract (SPEC §8): issuers, orders with their lines and payments, invoices. The
// TypeScript types other modules and the SDK use are derived from these schemas.
import { Type, type Static } from 'typebox';
import { Instant, OneOf, PaginationQuery, StrictObject } from '../../http/schemas.ts';
import { CivilDate, MoneySchema } from '../subscriptions/schemas.ts';

export const ORDER_PURPOSES = ['new_subscription', 'renewal', 'seat_addition', 'coterminous', 'direct_billing'] as const;
export type OrderPurpose = (typeof ORDER_PURPOSES)[number];
export const PAYMENT_METHODS = ['card', 'bank_transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const ORDER_STATUSES = ['pending_payment', 'paid', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const TAX_ROUNDINGS = ['floor', 'half_up', 'ceil'] as const;

const Id = Type.String({ maxLength: 64 });
const Localized = (options: { minLength?: number; maxLength: number; examples?: [{ ja: string; en: string }] }) =>
  Type.Object({ ja: Type.String({ minLength: options.minLength ?? 1, maxLength: options.maxLength }), en: Type.String({ minLength: options.minLength ?? 1, maxLength: options.maxLength }) }, options.examples ? { examples: options.examples } : {});

// Issuers -------------------------------------------------------------------------------------

const IssuerFields = {
  name: Localized({ maxLength: 200, examples: [{ ja: 'サンプルソフトウェア株式会社', en: 'Sample Software K.K.' }] }),
  registrationNumber: Type.String({ maxLength: 40, examples: ['T7010705000725'], description: "T followed by 13 digits; a corporation's check digit is verified" }),
  registrant: Type.Optional(OneOf(['corporation', 'sole_proprietor'] as const, { description: "corporation (default): the digits are its 法人番号, check digit verified; sole_proprietor: the NTA's own 13 digits, format only" })),
  address: Localized({ maxLength: 400, examples: [{ ja: '東京都千代田区丸の内1-1-1', en: '1-1-1 Marunouchi, Chiyoda-ku, Tokyo' }] }),
  phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 254 }), Type.Null()])),
  bankAccount: Type.Optional(Type.Union([Localized({ maxLength: 400 }), Type.Null()], { description: 'Where bank transfers go (振込先), shown on bank-transfer orders' })),
  taxRounding: Type.Optional(OneOf(TAX_ROUNDINGS, { description: 'How the tax of each rate is rounded, once per rate per invoice (default floor, 切り捨て)' })),
  invoicePrefix: Type.Optional(Type.String({ pattern: '^[A-Z0-9]{1,10}$', description: 'Invoice numbers are <prefix>-<8-digit sequence> (default INV)' })),
  bankTransferDueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, description: 'Days after the order day to pay by bank transfer (default 7); unpaid after that day, the order is cancelled' })),
  autoRenewalDueDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, description: "Days after an auto-renewal to pay its invoice (default 14); unpaid after that day, the renewal is taken back" })),
  default: Type.Optional(Type.Boolean({ description: 'New orders are invoiced by the default issuer; making one the default unmarks the other' })),
};
export const CreateIssuerBody = StrictObject(IssuerFields);
export type CreateIssuerInput = Static<typeof CreateIssuerBody>;
export const UpdateIssuerBody = StrictObject({
  ...IssuerFields,
  name: Type.Optional(IssuerFields.name),
  registrationNumber: Type.Optional(IssuerFields.registrationNumber),
  address: Type.Optional(IssuerFields.address),
});
export type UpdateIssuerInput = Static<typeof UpdateIssuerBody>;

export const IssuerSchema = Type.Object({
  id: Type.String(),
  name: Type.Object({ ja: Type.String(), en: Type.String() }),
  registrationNumber: Type.String(),
  registrant: OneOf(['corporation', 'sole_proprietor'] as const),
  address: Type.Object({ ja: Type.String(), en: Type.String() }),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  bankAccount: Type.Union([Type.Object({ ja: Type.String(), en: Type.String() }), Type.Null()]),
  taxRounding: OneOf(TAX_ROUNDINGS),
  invoicePrefix: Type.String(),
  bankTransferDueDays: Type.Integer(),
  autoRenewalDueDays: Type.Integer(),
  lastInvoiceNumber: Type.Union([Type.String(), Type.Null()], { description: 'The last invoice number issued; null before the first' }),
  default: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type IssuerView = Static<typeof IssuerSchema>;
export const IssuerParams = StrictObject({ issuerId: Id });

// Orders --------------------------------------------------------------------------------------

export const OrderLineRequest = StrictObject({
  purpose: OneOf(ORDER_PURPOSES, {
    description:
      'new_subscription (planId, seats); renewal (subscriptionId: one more term); seat_addition (subscriptionId, seats); coterminous (planId, seats, alignWithSubscriptionId); ' +
      'direct_billing (subscriptionId: a direct-billed successor of its plan and seats for one term, from the day after its end date if paid by then, else from the day of payment)',
  }),
  planId: Type.Optional(Id),
  subscriptionId: Type.Optional(Id),
  alignWithSubscriptionId: Type.Optional(Id),
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
});
export type OrderLineRequest = Static<typeof OrderLineRequest>;

const OrderLines = Type.Array(OrderLineRequest, { minItems: 1, maxItems: 50 });
export const QuoteBody = StrictObject({ lines: OrderLines });
export const CreateOrderBody = StrictObject({
  lines: OrderLines,
  paymentMethod: OneOf(PAYMENT_METHODS, { description: 'card: pay next with POST …/card-payments; bank_transfer: pending until the transfer arrives, cancelled after the due date' }),
  expectedTotalMinor: Type.Optional(Type.Integer({ minimum: 0, description: 'The total of the quote shown; a different total now (another day, a changed price) answers PRICE_CHANGED and orders nothing' })),
  confirm: Type.Literal(true, { description: 'The explicit confirmation' }),
});
export type CreateOrderInput = Static<typeof CreateOrderBody>;

const TaxRateTotal = Type.Object({
  rate: OneOf(['standard', 'reduced'] as const),
  percent: Type.Integer(),
  taxable: MoneySchema,
  tax: MoneySchema,
});

export const OrderLineSchema = Type.Object({
  lineNo: Type.Integer(),
  purpose: OneOf(ORDER_PURPOSES),
  plan: Type.Object({ id: Type.String(), sku: Type.String(), name: Type.Object({ ja: Type.String(), en: Type.String() }) }),
  subscriptionId: Type.Union([Type.String(), Type.Null()], { description: 'The subscription renewed, added to, ended with or switched to direct billing' }),
  seats: Type.Integer(),
  termMonths: Type.Integer(),
  unitPrice: MoneySchema,
  amount: MoneySchema,
  taxClass: OneOf(['standard', 'reduced'] as const),
  reducedRate: Type.Boolean({ description: 'Marked ※ on the invoice' }),
  description: Type.Object({ ja: Type.String(), en: Type.String() }),
  periodStart: CivilDate,
  periodEnd: CivilDate,
  applied: Type.Union([Type.Object({ subscriptionId: Type.String(), changeId: Type.String() }), Type.Null()]),
});

export const QuoteSchema = Type.Object({
  currency: Type.String(),
  lines: Type.Array(OrderLineSchema),
  taxes: Type.Array(TaxRateTotal, { description: 'Per rate, the tax rounded once for the whole order' }),
  subtotal: MoneySchema,
  tax: MoneySchema,
  total: MoneySchema,
});
export type QuoteView = Static<typeof QuoteSchema>;

export const PaymentSchema = Type.Object({
  id: Type.String(),
  method: OneOf(PAYMENT_METHODS),
  provider: Type.String(),
  amount: MoneySchema,
  receivedAt: Instant,
  applied: Type.Boolean({ description: 'false: it arrived for an order already paid or cancelled and is refunded' }),
});

export const OrderSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  number: Type.String({ description: 'CC-YYYYMMDDhhmmss-NNNNNNNNN: channel, order time in Japan, sequence' }),
  channel: Type.String({ description: 'WB portal, AP API token, ST vendor staff, AR auto-renewal' }),
  status: OneOf(ORDER_STATUSES),
  paymentMethod: OneOf(PAYMENT_METHODS),
  ...QuoteSchema.properties,
  dueDate: CivilDate,
  createdAt: Instant,
  paidAt: Type.Union([Instant, Type.Null()]),
  appliedAt: Type.Union([Instant, Type.Null()]),
  cancelledAt: Type.Union([Instant, Type.Null()]),
  cancelReason: Type.Union([OneOf(['unpaid', 'customer', 'not_applicable'] as const), Type.Null()]),
  bankTransfer: Type.Union([Type.Object({ account: Type.Object({ ja: Type.String(), en: Type.String() }), reference: Type.String({ description: 'Put the order number in the transfer reference' }) }), Type.Null()]),
  payments: Type.Array(PaymentSchema),
  invoiceId: Type.Union([Type.String(), Type.Null()]),
});
export type OrderView = Static<typeof OrderSchema>;

export const OrderParams = StrictObject({ organizationId: Id, orderId: Id });
export const OrganizationParams = StrictObject({ organizationId: Id });
export const OrderListQuery = StrictObject({ ...PaginationQuery.properties, status: Type.Optional(OneOf(ORDER_STATUSES)) });

export const CardPaymentBody = StrictObject({
  paymentMethod: Type.String({ minLength: 1, maxLength: 200, examples: ['pm_card_visa'], description: "The provider's token of the card (Stripe: a PaymentMethod id from Stripe.js); never card numbers" }),
});
export const CardPaymentSchema = Type.Object({
  status: OneOf(['succeeded', 'pending'] as const, { description: 'pending: the card issuer wants authentication (or the provider is processing); the provider\'s webhook confirms the payment' }),
  clientSecret: Type.Union([Type.String(), Type.Null()], { description: 'pending: what the browser completes the authentication with (Stripe.js)' }),
  order: OrderSchema,
});

// Staff ----------------------------------------------------------------------------------------

export const RecordPaymentBody = StrictObject({
  reference: Type.String({ minLength: 1, maxLength: 200, examples: ['transfer-2026-11-21-001'], description: "The bank's reference of the transfer (each is recorded once)" }),
  receivedOn: CivilDate,
  amountMinor: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the order total; another amount is refused' })),
});
export const OrderNumberParams = StrictObject({ orderNumber: Type.String({ maxLength: 40 }) });
export const StaffOrderListQuery = OrderListQuery;

export const BankStatementBody = StrictObject({
  csv: Type.String({
    minLength: 1,
    maxLength: 5_000_000,
    examples: ['date,amount,currency,reference\r\n2026-11-21,1000,JPY,no order number here\r\n'],
    description: 'UTF-8 CSV (a BOM is ignored) with the header date,amount,currency,reference and optionally transaction_id,payer; amounts in major units',
  }),
});
export const BANK_LINE_OUTCOMES = ['applied', 'already_recorded', 'unapplied', 'no_order_number', 'unknown_order'] as const;
export const UNAPPLIED_REASONS = ['already_paid', 'cancelled', 'late', 'amount_mismatch', 'currency_mismatch', 'not_applicable'] as const;
export const BankStatementResultSchema = Type.Object({
  lines: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'Line of the CSV (the header is line 1)' }),
      outcome: OneOf(BANK_LINE_OUTCOMES),
      reason: Type.Union([OneOf(UNAPPLIED_REASONS), Type.Null()], { description: 'unapplied: why the transfer paid nothing (it is refunded)' }),
      orderNumber: Type.Union([Type.String(), Type.Null()]),
      amount: MoneySchema,
    }),
  ),
  applied: Type.Integer(),
});

export const RefundSchema = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  reason: OneOf(['cancellation', 'unapplied_payment'] as const),
  method: OneOf(['card', 'manual'] as const),
  state: OneOf(['pending', 'succeeded', 'failed'] as const),
  amount: MoneySchema,
  tax: MoneySchema,
  total: MoneySchema,
  createdAt: Instant,
  completedAt: Type.Union([Instant, Type.Null()]),
});
export const RefundParams = StrictObject({ organizationId: Id, refundId: Id });
export const CompleteRefundBody = StrictObject({ reference: Type.String({ minLength: 1, maxLength: 200, examples: ['refund-transfer-001'], description: 'The reference of the transfer that sent the money back' }) });

// Invoices -------------------------------------------------------------------------------------

export const InvoiceSchema = Type.Object({
  id: Type.String(),
  organizationId: Type.String(),
  kind: OneOf(['invoice', 'return'] as const, { description: 'invoice: 適格請求書 for a sale; return: 適格返還請求書 for a refund' }),
  number: Type.String(),
  issuerId: Type.String(),
  orderId: Type.String(),
  orderNumber: Type.String(),
  originalInvoiceId: Type.Union([Type.String(), Type.Null()]),
  issueDate: CivilDate,
  transactionDate: CivilDate,
  refundDate: Type.Union([CivilDate, Type.Null()]),
  taxes: Type.Array(TaxRateTotal),
  subtotal: MoneySchema,
  tax: MoneySchema,
  total: MoneySchema,
  originalDelivered: Type.Boolean({ description: 'Once the original has been downloaded, every further download is a copy marked as reissued' }),
  copies: Type.Integer(),
});
export type InvoiceView = Static<typeof InvoiceSchema>;
export const InvoiceParams = StrictObject({ organizationId: Id, invoiceId: Id });
export const InvoicePdfQuery = StrictObject({ lang: Type.Optional(OneOf(['ja', 'en'] as const, { description: 'Japanese by default (a qualified invoice is a Japanese document)' })) });
export const InvoiceListQuery = PaginationQuery;
