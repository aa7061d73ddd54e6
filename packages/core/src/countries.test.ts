import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import {
  SUPPORTED_COUNTRIES,
  countryInfo,
  countryName,
  defaultTimeZone,
  isSupportedCountry,
  normalizeCountryCode,
} from './countries.ts';
import { isKnownCurrency } from './money/currency.ts';

const REQUIRED = ['JP', 'US', 'GB', 'DE', 'FR', 'CA', 'AU', 'KR', 'TW', 'SG', 'HK', 'CN', 'IN', 'NL', 'ES', 'IT', 'BR', 'MX', 'NZ'];

// UTC offset of each default zone on 2026-01-15 and 2026-07-15. Validity alone would not catch a
// valid-but-wrong zone (Australia/Perth for AU, America/Los_Angeles for US); pinning the offsets
// in both seasons does, and also checks that DST is observed where it should be.
const EXPECTED_OFFSETS: Record<string, [january: string, july: string]> = {
  JP: ['+09:00', '+09:00'],
  US: ['-05:00', '-04:00'],
  GB: ['+00:00', '+01:00'],
  DE: ['+01:00', '+02:00'],
  FR: ['+01:00', '+02:00'],
  CA: ['-05:00', '-04:00'],
  AU: ['+11:00', '+10:00'],
  KR: ['+09:00', '+09:00'],
  TW: ['+08:00', '+08:00'],
  SG: ['+08:00', '+08:00'],
  HK: ['+08:00', '+08:00'],
  CN: ['+08:00', '+08:00'],
  IN: ['+05:30', '+05:30'],
  NL: ['+01:00', '+02:00'],
  ES: ['+01:00', '+02:00'],
  IT: ['+01:00', '+02:00'],
  BR: ['-03:00', '-03:00'],
  MX: ['-06:00', '-06:00'],
  NZ: ['+13:00', '+12:00'],
};

describe('SUPPORTED_COUNTRIES', () => {
  it('contains every required country/region', () => {
    const codes = SUPPORTED_COUNTRIES.map((c) => c.code);
    for (const code of REQUIRED) assert.ok(codes.includes(code), code);
  });

  it('has no duplicate codes', () => {
    const codes = SUPPORTED_COUNTRIES.map((c) => c.code);
    assert.equal(new Set(codes).size, codes.length);
  });

  it('stores upper-case two-letter codes that CLDR knows as regions', () => {
    for (const { code } of SUPPORTED_COUNTRIES) {
      assert.match(code, /^[A-Z]{2}$/);
      // An unknown region falls back to the code itself; a real one has a proper name.
      assert.notEqual(countryName(code, 'en'), code, code);
    }
  });

  it('gives every country a valid IANA zone, spelled exactly as IANA does', () => {
    for (const { code, timeZone } of SUPPORTED_COUNTRIES) {
      // Intl throws RangeError on an unknown zone.
      assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone }), `${code}: ${timeZone}`);
      // Temporal keeps the identifier as given when it is valid, and normalizes case otherwise:
      // equality proves the stored spelling is the real one ("Asia/Tokyo", not "asia/tokyo").
      const zoned = Temporal.Instant.from('2026-01-15T00:00:00Z').toZonedDateTimeISO(timeZone);
      assert.equal(zoned.timeZoneId, timeZone, code);
    }
  });

  it('gives every country the zone with the right offsets in winter and summer', () => {
    assert.deepEqual(Object.keys(EXPECTED_OFFSETS).sort(), SUPPORTED_COUNTRIES.map((c) => c.code).sort());
    for (const { code, timeZone } of SUPPORTED_COUNTRIES) {
      const [january, july] = EXPECTED_OFFSETS[code] ?? [];
      const offsetAt = (iso: string) => Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).offset;
      assert.equal(offsetAt('2026-01-15T12:00:00Z'), january, `${code} January`);
      assert.equal(offsetAt('2026-07-15T12:00:00Z'), july, `${code} July`);
    }
  });

  it('gives every country an ISO 4217 currency that the money rules know the digits of', () => {
    for (const { code, currency } of SUPPORTED_COUNTRIES) {
      assert.match(currency, /^[A-Z]{3}$/);
      assert.ok(isKnownCurrency(currency), `${code}: ${currency}`);
    }
    assert.equal(countryInfo('JP')?.currency, 'JPY');
    assert.equal(countryInfo('DE')?.currency, 'EUR');
  });

  it('cannot be modified by a caller', () => {
    assert.ok(Object.isFrozen(SUPPORTED_COUNTRIES));
    for (const country of SUPPORTED_COUNTRIES) assert.ok(Object.isFrozen(country), country.code);
    assert.throws(() => {
      (SUPPORTED_COUNTRIES[0] as { timeZone: string }).timeZone = 'UTC';
    }, TypeError);
  });
});

describe('defaultTimeZone', () => {
  it('is Asia/Tokyo for Japan (SPEC §4) and the capital or business centre elsewhere', () => {
    assert.equal(defaultTimeZone('JP'), 'Asia/Tokyo');
    assert.equal(defaultTimeZone('US'), 'America/New_York');
    assert.equal(defaultTimeZone('DE'), 'Europe/Berlin');
    assert.equal(defaultTimeZone('GB'), 'Europe/London');
  });

  it('is undefined for an unsupported country instead of guessing UTC', () => {
    assert.equal(defaultTimeZone('XX'), undefined);
    assert.equal(defaultTimeZone('FI'), undefined);
  });
});

describe('normalizeCountryCode', () => {
  it('trims and upper-cases', () => {
    assert.equal(normalizeCountryCode(' jp '), 'JP');
    assert.equal(normalizeCountryCode('Us'), 'US');
    assert.equal(normalizeCountryCode('\tgb\n'), 'GB');
  });

  it('turns full-width IME input into ASCII', () => {
    assert.equal(normalizeCountryCode('ＪＰ'), 'JP');
    assert.equal(normalizeCountryCode('ｊｐ'), 'JP');
    assert.equal(normalizeCountryCode('\u3000jp\u3000'), 'JP'); // ideographic spaces
  });

  it('does not turn non-ASCII lookalikes into ASCII codes', () => {
    assert.equal(normalizeCountryCode('ın'), 'ıN'); // dotless i would become "IN" with toUpperCase
    assert.equal(isSupportedCountry('ın'), false);
  });
});

describe('isSupportedCountry and countryInfo', () => {
  it('accept every supported code in any case', () => {
    for (const { code } of SUPPORTED_COUNTRIES) {
      assert.equal(isSupportedCountry(code), true, code);
      assert.equal(isSupportedCountry(code.toLowerCase()), true, code);
      assert.equal(countryInfo(` ${code.toLowerCase()} `)?.code, code, code);
    }
  });

  it('returns the stored upper-case form whatever the input case', () => {
    assert.deepEqual(countryInfo('jp'), { code: 'JP', timeZone: 'Asia/Tokyo', currency: 'JPY' });
  });

  it('reject unknown, unsupported and malformed codes', () => {
    for (const input of ['XX', 'ZZ', 'FI', 'JPN', 'J', '', ' ', '392', 'EU', 'UK', 'J P', 'JP-13', '__proto__', 'toString']) {
      assert.equal(isSupportedCountry(input), false, JSON.stringify(input));
      assert.equal(countryInfo(input), undefined, JSON.stringify(input));
    }
  });
});

describe('countryName', () => {
  it('names Japan in Japanese and English', () => {
    assert.equal(countryName('JP', 'ja'), '日本');
    assert.equal(countryName('JP', 'en'), 'Japan');
    assert.equal(countryName('jp', 'ja'), '日本');
  });

  it('has Japanese data for every supported country (full ICU)', () => {
    for (const { code } of SUPPORTED_COUNTRIES) {
      const ja = countryName(code, 'ja');
      const en = countryName(code, 'en');
      assert.notEqual(ja, code, code);
      assert.notEqual(ja, en, code);
      // Every Japanese name contains kana or kanji, so this is not English under another label.
      assert.match(ja, /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]/u, code);
    }
    assert.equal(countryName('US', 'ja'), 'アメリカ合衆国');
    assert.equal(countryName('DE', 'en'), 'Germany');
  });

  it('names countries that are not supported too, for messages such as "not sold in …"', () => {
    assert.equal(countryName('FI', 'en'), 'Finland');
    assert.equal(countryName('FI', 'ja'), 'フィンランド');
  });

  it('falls back to the code instead of throwing', () => {
    assert.equal(countryName('XX', 'en'), 'XX');
    assert.equal(countryName('xx', 'ja'), 'XX');
    assert.equal(countryName('419', 'en'), '419'); // UN M.49 area, not a country
    assert.equal(countryName('J', 'ja'), 'J');
    assert.equal(countryName('', 'en'), '');
    assert.equal(countryName('not a code', 'en'), 'NOT A CODE');
  });
});
