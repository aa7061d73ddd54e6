import type { Static } from 'typebox';
import { Value } from 'typebox/value';
import { isTermMonths, PLAN_CATEGORIES } from '@licentia/core/lifecycle';
import { isKnownCurrency, toMinorUnits } from '@licentia/core/money';
import { systemClock } from '../../clock.ts';
import { inTransaction } from '../../db/transaction.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { createPlan } from '../../modules/catalog/plans.ts';
import { LifecycleChanges, TAX_CLASSES } from '../../modules/catalog/schemas.ts';
import { SEGMENTS } from '../../modules/organizations/schemas.ts';
import { UsageError, type Command } from '../command.ts';
import { optionalChoice, optionalInteger, optionalList, optionalString, requiredString, withCatalogDatabase } from './catalog-common.ts';

function lifecycleOption(text: string | undefined): Static<typeof LifecycleChanges> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError('--lifecycle must be a JSON object, e.g. \'{"graceDays":0,"renewalWindowDays":730}\'');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--lifecycle must be a JSON object');
  const known = Object.keys(LifecycleChanges.properties);
  const unknown = Object.keys(parsed).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new UsageError(`--lifecycle: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const problems = [...Value.Errors(LifecycleChanges, parsed)].map((e) => `${e.instancePath.slice(1)} ${e.message}`);
  if (problems.length > 0) throw new UsageError(`--lifecycle: ${problems.join('; ')}`);
  return parsed as Static<typeof LifecycleChanges>;
}

export const catalogPlanCreateCommand: Command = {
  name: 'catalog plan create',
  summary: 'Create a plan (SKU) of a product',
  usage: [
    'licentia catalog plan create --product <id> --sku <SKU> --term-months <1|12|36> --price <amount> --currency <ISO 4217>',
    '         [--name-en <name> --name-ja <name>] [--tax-class standard|reduced] [--category standard|third_party|usage|trial]',
    '         [--trial-days <n>] [--segments commercial,government,education,personal] [--countries JP,US]',
    '         [--devices-per-seat <n>] [--max-seats <n>] [--lifecycle <json>]',
    '',
    '--price is per seat per term in the currency\'s major unit (19.99 USD, 15000 JPY); it is stored in minor units.',
    'Defaults: names from the product and the term, tax class standard (10 %), category standard, every segment,',
    'the vendor organization\'s country, 1 device per seat, 10,000,000 seats, and the default lifecycle',
    '(--lifecycle gives only the parameters that differ, e.g. \'{"graceDays":0,"renewalWindowDays":730}\').',
    'Prints the new plan\'s id.',
  ].join('\n'),
  options: {
    product: { type: 'string' },
    sku: { type: 'string' },
    'term-months': { type: 'string' },
    price: { type: 'string' },
    currency: { type: 'string' },
    'name-en': { type: 'string' },
    'name-ja': { type: 'string' },
    'tax-class': { type: 'string' },
    category: { type: 'string' },
    'trial-days': { type: 'string' },
    segments: { type: 'string' },
    countries: { type: 'string' },
    'devices-per-seat': { type: 'string' },
    'max-seats': { type: 'string' },
    lifecycle: { type: 'string' },
  },
  async run({ values }) {
    const productId = requiredString(values, 'product');
    const sku = requiredString(values, 'sku');
    const termMonths = optionalInteger(values, 'term-months');
    if (termMonths === undefined || !isTermMonths(termMonths)) throw new UsageError('--term-months is required: 1, 12 or 36');
    const price = requiredString(values, 'price');
    const currency = requiredString(values, 'currency').trim().toUpperCase();
    if (!isKnownCurrency(currency)) throw new DomainError('CURRENCY_NOT_SUPPORTED', { currency });
    let amountMinor: number;
    try {
      amountMinor = toMinorUnits(price, currency);
    } catch (error) {
      throw new UsageError(`--price: ${(error as Error).message}`);
    }
    const nameEn = optionalString(values, 'name-en');
    const nameJa = optionalString(values, 'name-ja');
    if ((nameEn === undefined) !== (nameJa === undefined)) throw new UsageError('give both --name-en and --name-ja, or neither');
    const input = {
      sku,
      termMonths,
      price: { amountMinor, currency },
      ...(nameEn !== undefined && nameJa !== undefined ? { name: { en: nameEn, ja: nameJa } } : {}),
      taxClass: optionalChoice(values, 'tax-class', TAX_CLASSES),
      category: optionalChoice(values, 'category', PLAN_CATEGORIES),
      trialDays: optionalInteger(values, 'trial-days'),
      segments: optionalList(values, 'segments', SEGMENTS),
      countries: optionalList<string>(values, 'countries'),
      devicesPerSeat: optionalInteger(values, 'devices-per-seat'),
      maxSeatsPerSubscription: optionalInteger(values, 'max-seats'),
      lifecycle: lifecycleOption(optionalString(values, 'lifecycle')),
    };
    return withCatalogDatabase(async (database) => {
      const plan = await inTransaction(database.db, (tx) =>
        createPlan({ tx, dialect: database.dialect, audit: { principal: { kind: 'anonymous' }, now: systemClock.now() } }, productId, input),
      );
      const term = plan.termMonths === 1 ? '1 month' : `${plan.termMonths} months`;
      console.log(`plan ${plan.id} ${plan.sku}: ${plan.name.en}, ${term}, ${plan.price.currency} ${plan.price.amount} per seat`);
      return 0;
    });
  },
};
