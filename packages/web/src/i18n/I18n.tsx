// The portal's language, switchable at any time and remembered in this browser, with the
// formatting of dates and money that goes with it. The API hears the same language
// (Accept-Language), so its problem details read in it too.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { configureClient } from '../api/client.ts';
import { formatBytes, formatDate, formatInstant, formatMoney, formatNumber, type MoneyValue } from './format.ts';
import { preferredLanguage, type Language } from './language.ts';
import { CATALOG, type MessageKey } from './messages/index.ts';
import { translator, type Vars } from './translate.ts';

const STORAGE_KEY = 'licentia.language';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, vars?: Vars): string;
  date(civilDate: string): string;
  instant(instant: string, timeZone: string): string;
  money(money: MoneyValue): string;
  number(value: number): string;
  bytes(value: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function storedChoice(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => preferredLanguage(navigator.languages, storedChoice()));
  // Before children render and fetch: their first requests already ask for this language.
  configureClient({ language });
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage: the choice then lasts until the page is closed.
    }
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const t = translator(CATALOG, language);
    return {
      language,
      setLanguage,
      t,
      date: (civilDate) => formatDate(civilDate, language),
      instant: (instant, timeZone) => formatInstant(instant, timeZone, language),
      money: (money) => formatMoney(money, language),
      number: (value) => formatNumber(value, language),
      bytes: (value) => formatBytes(value, language),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
