// Creating a product (names in both languages) and a plan (SKU, term, price per seat in the
// currency's major unit, where it is sold). Everything else takes the API's documented defaults.
import { useState, type FormEvent } from 'react';
import { currencyDigits, toMinorUnits } from '@licentia/core/money';
import { api } from '../../api/client.ts';
import type { Product } from '../../api/types.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

const CURRENCIES = ['JPY', 'USD', 'EUR', 'GBP', 'SGD', 'AUD', 'KRW', 'TWD'] as const;
const TERMS = [1, 12, 36] as const;

export function NewProduct({ onCreated }: { onCreated(name: string): void }) {
  const { t, language } = useI18n();
  const [en, setEn] = useState('');
  const [ja, setJa] = useState('');
  const create = useAction(async () => {
    const product = await api.post('/v1/catalog/products', { body: { name: { en, ja } } });
    setEn('');
    setJa('');
    onCreated(product.name[language]);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <section aria-labelledby="new-product-heading" className="card">
      <h2 id="new-product-heading">{t('catalog.newProduct')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <TextField label={t('catalog.nameEn')} lang="en" required maxLength={200} value={en} onChange={(e) => setEn(e.target.value)} />
        <TextField label={t('catalog.nameJa')} lang="ja" required maxLength={200} value={ja} onChange={(e) => setJa(e.target.value)} />
        <ErrorMessage error={create.error} />
        <div><button type="submit" disabled={create.busy}>{t('catalog.createProduct')}</button></div>
      </form>
    </section>
  );
}

export function NewPlan({ products, onCreated }: { products: readonly Product[]; onCreated(sku: string): void }) {
  const { t, language } = useI18n();
  const countries = useLoad(() => api.get('/v1/countries'), [language]);
  const [productId, setProductId] = useState(products[0]!.id);
  const [sku, setSku] = useState('');
  const [term, setTerm] = useState<(typeof TERMS)[number]>(12);
  const [price, setPrice] = useState('');
  const [currency, setCurrency] = useState<string>('JPY');
  const [trial, setTrial] = useState(false);
  const [trialDays, setTrialDays] = useState('30');
  const [sold, setSold] = useState<string[]>(['JP']);
  const [devices, setDevices] = useState('1');
  const [priceError, setPriceError] = useState<string>();

  const create = useAction(async (amountMinor: number) => {
    const plan = await api.post('/v1/catalog/products/{productId}/plans', {
      path: { productId },
      body: {
        sku,
        termMonths: term,
        price: { amountMinor, currency },
        countries: sold,
        devicesPerSeat: Number(devices),
        ...(trial ? { category: 'trial' as const, trialDays: Number(trialDays) } : {}),
      },
    });
    setSku('');
    setPrice('');
    onCreated(plan.sku);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let amountMinor: number;
    try {
      amountMinor = toMinorUnits(price, currency);
    } catch {
      setPriceError(t('catalog.badPrice', { digits: currencyDigits(currency) }));
      return;
    }
    setPriceError(undefined);
    void create.run(amountMinor);
  };
  const toggleCountry = (code: string, on: boolean) => setSold((list) => (on ? [...list, code] : list.filter((c) => c !== code)));

  return (
    <section aria-labelledby="new-plan-heading" className="card">
      <h2 id="new-plan-heading">{t('catalog.newPlan')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <SelectField label={t('catalog.product')} value={productId} onChange={(e) => setProductId(e.target.value)}>
          {products.map((p) => <option key={p.id} value={p.id}>{p.name[language]}</option>)}
        </SelectField>
        <TextField label={t('catalog.sku')} hint={t('catalog.skuHint')} required maxLength={64} value={sku} onChange={(e) => setSku(e.target.value)} />
        <SelectField label={t('catalog.term')} value={term} onChange={(e) => setTerm(Number(e.target.value) as (typeof TERMS)[number])}>
          {TERMS.map((months) => <option key={months} value={months}>{t(`catalog.term.${months}`)}</option>)}
        </SelectField>
        <SelectField label={t('catalog.currency')} value={currency} onChange={(e) => setCurrency(e.target.value)}>
          {CURRENCIES.map((code) => <option key={code} value={code}>{code}</option>)}
        </SelectField>
        <TextField label={t('catalog.price')} hint={t('catalog.priceHint')} required inputMode="decimal" value={price} error={priceError} onChange={(e) => setPrice(e.target.value)} />
        <SelectField label={t('catalog.category')} value={trial ? 'trial' : 'standard'} onChange={(e) => setTrial(e.target.value === 'trial')}>
          <option value="standard">{t('catalog.category.standard')}</option>
          <option value="trial">{t('catalog.category.trial')}</option>
        </SelectField>
        {trial && <TextField label={t('catalog.trialDays')} type="number" min={1} max={365} required value={trialDays} onChange={(e) => setTrialDays(e.target.value)} />}
        <TextField label={t('catalog.devicesPerSeat')} type="number" min={1} max={1000} required value={devices} onChange={(e) => setDevices(e.target.value)} />
        <fieldset>
          <legend>{t('catalog.countries')}</legend>
          <div className="choices-grid">
            {(countries.data?.data ?? []).map((c) => (
              <div key={c.code} className="choice">
                <input type="checkbox" id={`sold-${c.code}`} checked={sold.includes(c.code)} onChange={(e) => toggleCountry(c.code, e.target.checked)} />
                <label htmlFor={`sold-${c.code}`}>{c.name}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <ErrorMessage error={create.error} />
        <div><button type="submit" disabled={create.busy}>{t('catalog.createPlan')}</button></div>
      </form>
    </section>
  );
}
