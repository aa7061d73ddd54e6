// Public entry for money: integer minor units, ISO 4217 digits, exact rounding, tax per rate.
export * from './money/currency.ts';
export * from './money/rounding.ts';
export * from './money/tax.ts';
