// Countries/regions where an organization can be created (SPEC §3 "country/region (only where
// the plans are sold)") and what each one implies by default.
//
// The time zone matters most: subscription dates are civil days in the organization's zone
// (SPEC §4), so the zone chosen here decides on which instant a term starts, lapses into grace
// and is deleted. A country with several zones gets the zone of its capital or main business
// centre; an organization elsewhere in the country can override it.
//
// Pure and browser-safe (no node: imports): the portal uses the same table for its country
// picker, so the list offered to the user and the list the server accepts cannot drift apart.

export interface CountryInfo {
  /** ISO 3166-1 alpha-2, upper-case: the stored form. */
  readonly code: string;
  /** IANA time-zone name (canonical IANA spelling, e.g. "Asia/Kolkata", not ICU's "Asia/Calcutta"). */
  readonly timeZone: string;
  /** ISO 4217 code of the currency prices are usually quoted in there. */
  readonly currency: string;
}

// Names are deliberately not stored here: Intl.DisplayNames gives them in both languages from
// CLDR, which is maintained for exactly this and keeps politically sensitive names (Taiwan,
// Hong Kong) the way CLDR's reviewed data has them, rather than as an engineer typed them.
const COUNTRIES = [
  // Japan first: it is the first market, so it heads the picker.
  { code: 'JP', timeZone: 'Asia/Tokyo', currency: 'JPY' },
  // The US spans six zones; New York is the main business centre (and shares Washington's zone).
  { code: 'US', timeZone: 'America/New_York', currency: 'USD' },
  { code: 'GB', timeZone: 'Europe/London', currency: 'GBP' },
  { code: 'DE', timeZone: 'Europe/Berlin', currency: 'EUR' },
  { code: 'FR', timeZone: 'Europe/Paris', currency: 'EUR' },
  // Ottawa and Toronto both follow America/Toronto.
  { code: 'CA', timeZone: 'America/Toronto', currency: 'CAD' },
  // Canberra and Sydney both follow Australia/Sydney (there is no Australia/Canberra zone).
  { code: 'AU', timeZone: 'Australia/Sydney', currency: 'AUD' },
  { code: 'KR', timeZone: 'Asia/Seoul', currency: 'KRW' },
  { code: 'TW', timeZone: 'Asia/Taipei', currency: 'TWD' },
  { code: 'SG', timeZone: 'Asia/Singapore', currency: 'SGD' },
  { code: 'HK', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
  // All of China officially keeps Beijing time, which IANA names Asia/Shanghai.
  { code: 'CN', timeZone: 'Asia/Shanghai', currency: 'CNY' },
  // IANA's canonical name; ICU (and so Intl) still reports the old alias "Asia/Calcutta", but
  // both accept either, and the canonical one is what other systems (PostgreSQL, Java) expect.
  { code: 'IN', timeZone: 'Asia/Kolkata', currency: 'INR' },
  { code: 'NL', timeZone: 'Europe/Amsterdam', currency: 'EUR' },
  // Mainland Spain; the Canary Islands (Atlantic/Canary) are an override.
  { code: 'ES', timeZone: 'Europe/Madrid', currency: 'EUR' },
  { code: 'IT', timeZone: 'Europe/Rome', currency: 'EUR' },
  // São Paulo is the business centre; Brasília keeps the same time.
  { code: 'BR', timeZone: 'America/Sao_Paulo', currency: 'BRL' },
  { code: 'MX', timeZone: 'America/Mexico_City', currency: 'MXN' },
  { code: 'NZ', timeZone: 'Pacific/Auckland', currency: 'NZD' },
] as const satisfies readonly CountryInfo[];

/** A supported ISO 3166-1 alpha-2 code, as stored. */
export type CountryCode = (typeof COUNTRIES)[number]['code'];

/** Every supported country/region, in picker order. Frozen: the table is shared by every caller
 * (and, in the portal, every component), so nobody may patch it in place. */
export const SUPPORTED_COUNTRIES: readonly CountryInfo[] = Object.freeze(
  COUNTRIES.map((country): CountryInfo => Object.freeze({ ...country })),
);

const BY_CODE: ReadonlyMap<string, CountryInfo> = new Map(SUPPORTED_COUNTRIES.map((c) => [c.code, c]));

/**
 * The stored form of user input: trimmed and upper-cased ("jp " → "JP").
 *
 * NFKC first, because Japanese IMEs produce full-width letters ("ｊｐ" / "ＪＰ"), the same reason
 * product keys are NFKC-normalized (SPEC §2). Only ASCII a–z are upper-cased, on purpose:
 * String#toUpperCase would also turn "ı" (dotless i) into "I" and "ß" into "SS", letting
 * lookalike non-ASCII input pass as a real code. Anything that is not two letters afterwards is
 * simply not a supported code; this function does not reject, the lookups do.
 */
export function normalizeCountryCode(input: string): string {
  return input.normalize('NFKC').trim().replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

/** Whether organizations can be created in `code` (any case; see normalizeCountryCode). */
export function isSupportedCountry(code: string): boolean {
  return BY_CODE.has(normalizeCountryCode(code));
}

/** The country's defaults, or undefined when it is not supported. */
export function countryInfo(code: string): CountryInfo | undefined {
  return BY_CODE.get(normalizeCountryCode(code));
}

/** The IANA zone a new organization in `code` gets unless told otherwise; undefined when the
 * country is not supported (callers must refuse it rather than guess a zone such as UTC,
 * which would move every date boundary by hours). */
export function defaultTimeZone(code: string): string | undefined {
  return countryInfo(code)?.timeZone;
}

export type CountryNameLanguage = 'ja' | 'en';

// Built lazily, on first use: constructing at import time would make merely importing this
// module throw in a runtime without Intl.DisplayNames (Safari < 14.1), and costs startup time
// for callers that never need a name.
const displayNames = new Map<CountryNameLanguage, Intl.DisplayNames | null>();

function displayNamesFor(language: CountryNameLanguage): Intl.DisplayNames | null {
  let names = displayNames.get(language);
  if (names === undefined) {
    names =
      typeof Intl !== 'undefined' &&
      typeof Intl.DisplayNames === 'function' &&
      // A runtime built without the language's data (Node's small-icu, a trimmed browser
      // bundle) would silently answer in another language; a Japanese screen showing English
      // names looks broken, the bare code merely terse.
      Intl.DisplayNames.supportedLocalesOf([language]).length > 0
        ? new Intl.DisplayNames([language], { type: 'region', fallback: 'code' })
        : null;
    displayNames.set(language, names);
  }
  return names;
}

/**
 * The country's/region's name in Japanese or English, from CLDR ("JP" → "日本" / "Japan").
 *
 * Works for any ISO 3166-1 code, supported or not, so that an error can name the country a plan
 * is not sold in. Falls back to the (normalized) code when the runtime has no names for it, and
 * never throws: a name is only ever for display.
 */
export function countryName(code: string, language: CountryNameLanguage): string {
  const normalized = normalizeCountryCode(code);
  // DisplayNames#of throws RangeError on anything that is not a region subtag; it also accepts
  // three-digit UN M.49 areas ("419"), which are not countries. Only two letters get a name.
  if (!/^[A-Z]{2}$/.test(normalized)) return normalized;
  try {
    return displayNamesFor(language)?.of(normalized) ?? normalized;
  } catch {
    return normalized;
  }
}
