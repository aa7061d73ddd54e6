// What makes a plan valid, with no I/O: the HTTP routes and the CLI both end up here, so they
// refuse the same things with the same codes. The request schemas already refuse wrong types
// and most out-of-range numbers; the ranges are checked again here for callers that do not pass
// through a schema (the CLI), and the rules owned by core (currencies, countries, lifecycle)
// only here. Problems are reported in a fixed order: the first one found is the error.
import { normalizeCountryCode, isSupportedCountry } from '@licentia/core/countries';
import { isTermMonths, lifecyclePolicyProblems, type LifecyclePolicy, type TermMonths } from '@licentia/core/lifecycle';
import { isKnownCurrency, type TaxRate } from '@licentia/core/money';
import { DomainError } from '../../errors/domain-error.ts';
import { MAX_DEVICES_PER_SEAT, MAX_SEATS_PER_SUBSCRIPTION, MAX_TRIAL_DAYS, type PlanCategory, type PlanSegment } from './schemas.ts';

/** Everything about a plan a vendor chooses, except its SKU and product (which never change). */
export interface PlanSettings {
  name: { en: string; ja: string };
  termMonths: TermMonths;
  price: { amountMinor: number; currency: string };
  taxClass: TaxRate;
  category: PlanCategory;
  segments: PlanSegment[];
  countries: string[];
  devicesPerSeat: number;
  maxSeatsPerSubscription: number;
  trialDays: number | null;
  lifecycle: LifecyclePolicy;
}

/** What a change may not touch once product keys or subscriptions of the plan exist. */
export const SOLD_TERMS = ['termMonths', 'category', 'trialDays', 'price.currency', 'lifecycle'] as const;
export type SoldTerm = (typeof SOLD_TERMS)[number];

const SKU_PATTERN = /^[A-Z0-9]+(?:[-_.][A-Z0-9]+)*$/;
const SKU_MAX_LENGTH = 64;

/**
 * The stored form of a SKU: NFKC (full-width ＯＦＦＩＣＥ－１Ｙ from a Japanese IME), trimmed,
 * ASCII upper case. Upper-casing only a–z keeps lookalikes (ı, ß) from passing as letters.
 */
export function normalizeSku(input: string): string {
  const sku = input
    .normalize('NFKC')
    .trim()
    .replace(/[a-z]/g, (letter) => letter.toUpperCase());
  if (sku.length > SKU_MAX_LENGTH || !SKU_PATTERN.test(sku)) throw new DomainError('PLAN_SKU_INVALID', { sku: input });
  return sku;
}

function invalid(pointer: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', {
    summary: `body${pointer} ${message}`,
    errors: [{ location: 'body', pointer, message }],
  });
}

function integerIn(value: number, min: number, max: number, pointer: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(pointer, `must be an integer from ${min} to ${max}`);
}

/** Merges the given lifecycle parameters over a base policy; absent ones keep the base's value. */
export function mergeLifecycle(base: LifecyclePolicy, changes: Partial<LifecyclePolicy> | undefined): LifecyclePolicy {
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(changes ?? {})) if (value !== undefined) merged[name] = value;
  return merged as LifecyclePolicy;
}

/** Checks a plan's settings and returns them in stored form (trimmed, upper case, deduplicated). */
export function checkPlanSettings(settings: PlanSettings): PlanSettings {
  const name = { en: settings.name.en.trim(), ja: settings.name.ja.trim() };
  if (!name.en) throw invalid('/name/en', 'must not be blank');
  if (!name.ja) throw invalid('/name/ja', 'must not be blank');
  if (!isTermMonths(settings.termMonths)) throw invalid('/termMonths', 'must be 1, 12 or 36');
  integerIn(settings.price.amountMinor, 0, Number.MAX_SAFE_INTEGER, '/price/amountMinor');
  const currency = settings.price.currency.trim().replace(/[a-z]/g, (letter) => letter.toUpperCase());
  if (!isKnownCurrency(currency)) throw new DomainError('CURRENCY_NOT_SUPPORTED', { currency: settings.price.currency });

  const segments = [...new Set(settings.segments)];
  if (segments.length === 0) throw invalid('/segments', 'must name at least one segment');
  const countries = [...new Set(settings.countries.map(normalizeCountryCode))];
  if (countries.length === 0) throw invalid('/countries', 'must name at least one country');
  const unsupported = settings.countries.find((country) => !isSupportedCountry(normalizeCountryCode(country)));
  if (unsupported !== undefined) throw new DomainError('COUNTRY_NOT_SUPPORTED', { country: unsupported });

  integerIn(settings.devicesPerSeat, 1, MAX_DEVICES_PER_SEAT, '/devicesPerSeat');
  integerIn(settings.maxSeatsPerSubscription, 1, MAX_SEATS_PER_SUBSCRIPTION, '/maxSeatsPerSubscription');

  if (settings.category === 'trial') {
    if (settings.trialDays === null) throw new DomainError('PLAN_TRIAL_DAYS_REQUIRED', { maxTrialDays: MAX_TRIAL_DAYS });
    integerIn(settings.trialDays, 1, MAX_TRIAL_DAYS, '/trialDays');
  } else if (settings.trialDays !== null) {
    throw new DomainError('PLAN_TRIAL_DAYS_NOT_ALLOWED', { category: settings.category });
  }

  const problems = lifecyclePolicyProblems(settings.lifecycle);
  if (problems.length > 0) throw new DomainError('PLAN_LIFECYCLE_INVALID', { problems });

  return { ...settings, name, price: { amountMinor: settings.price.amountMinor, currency }, segments, countries };
}

/** The sold terms that differ between two settings (compared in stored form). */
export function changedSoldTerms(before: PlanSettings, after: PlanSettings): SoldTerm[] {
  const value: Record<SoldTerm, (s: PlanSettings) => unknown> = {
    termMonths: (s) => s.termMonths,
    category: (s) => s.category,
    trialDays: (s) => s.trialDays,
    'price.currency': (s) => s.price.currency,
    lifecycle: (s) => JSON.stringify(s.lifecycle),
  };
  return SOLD_TERMS.filter((term) => value[term](before) !== value[term](after));
}

const TERM_LABELS: Record<TermMonths, { en: string; ja: string }> = {
  1: { en: '1 month', ja: '1か月' },
  12: { en: '1 year', ja: '1年' },
  36: { en: '3 years', ja: '3年' },
};

/** A plan's default name: its product's, and what it is ("Office Business (1 year)"). */
export function defaultPlanName(
  productName: { en: string; ja: string },
  plan: { termMonths: TermMonths; category: PlanCategory; trialDays: number | null },
): { en: string; ja: string } {
  const label =
    plan.category === 'trial' && plan.trialDays !== null
      ? { en: `${plan.trialDays}-day trial`, ja: `${plan.trialDays}日間試用版` }
      : TERM_LABELS[plan.termMonths];
  return { en: `${productName.en} (${label.en})`, ja: `${productName.ja} (${label.ja})` };
}
