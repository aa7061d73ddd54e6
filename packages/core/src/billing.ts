// Public entry for billing rules (SPEC §8): order numbers, qualified-invoice registration
// numbers, and the tax of an invoice (per rate, rounded once per rate: see money/tax.ts).
export * from './billing/order-number.ts';
export * from './billing/registration-number.ts';
export * from './billing/invoice-tax.ts';
