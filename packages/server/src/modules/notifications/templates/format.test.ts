import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  checkedUrl,
  daysBetween,
  escapeHtml,
  formatCount,
  formatDate,
  formatDateInZone,
  formatMoney,
  oneLine,
  parseCivilDate,
} from './format.ts';

/** The inverse of escapeHtml, written independently, for the round-trip property. */
const unescape = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    assert.equal(escapeHtml(`<script>alert("x" + 'y')</script> & co`), '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;)&lt;/script&gt; &amp; co');
  });

  it('escapes an ampersand first-class, so an entity in the input shows literally', () => {
    assert.equal(escapeHtml('&lt;'), '&amp;lt;');
  });

  it('leaves Japanese and other text untouched', () => {
    assert.equal(escapeHtml('株式会社サンプル（東京）'), '株式会社サンプル（東京）');
  });

  it('never outputs a markup character and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const escaped = escapeHtml(s);
        assert.doesNotMatch(escaped, /[<>"']/);
        assert.equal(unescape(escaped), s);
      }),
    );
  });
});

describe('oneLine', () => {
  it('turns line breaks and control characters into a space, so a name cannot split a header or forge a line', () => {
    assert.equal(oneLine('ACME\r\nBcc: evil@example.com'), 'ACME Bcc: evil@example.com');
    assert.equal(oneLine('a\u2028b\u0000c'), 'a b c');
  });

  it('removes bidi overrides that would reorder the sentence around a name', () => {
    assert.equal(oneLine('abc\u202Egpj.exe'), 'abcgpj.exe');
  });
});

describe('civil dates', () => {
  it('formats Japanese with the weekday: 2026年11月21日(土)', () => {
    assert.equal(formatDate('2026-11-21', 'ja'), '2026年11月21日(土)');
    assert.equal(formatDate('2027-01-03', 'ja'), '2027年1月3日(日)');
    assert.equal(formatDate('2028-02-29', 'ja'), '2028年2月29日(火)');
  });

  it('formats English as "November 21, 2026"', () => {
    assert.equal(formatDate('2026-11-21', 'en'), 'November 21, 2026');
    assert.equal(formatDate('2027-01-03', 'en'), 'January 3, 2027');
  });

  it('names the zone: 日本時間 for Asia/Tokyo in Japanese, the IANA id otherwise', () => {
    assert.equal(formatDateInZone('2026-11-21', 'Asia/Tokyo', 'ja'), '2026年11月21日(土) (日本時間)');
    assert.equal(formatDateInZone('2026-11-21', 'Asia/Tokyo', 'en'), 'November 21, 2026 (Asia/Tokyo)');
    assert.equal(formatDateInZone('2026-11-21', 'America/New_York', 'ja'), '2026年11月21日(土) (America/New_York)');
  });

  it('is the same calendar day whatever the process time zone (no Date/instant involved)', () => {
    // A civil date never passes through an instant, so there is no zone to shift it; the
    // weekday of every day of a 4-year cycle matches Temporal's own.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * 366 }), (n) => {
        const iso = addDays('2024-01-01', n);
        const weekday = parseCivilDate(iso).dayOfWeek;
        assert.ok(formatDate(iso, 'ja').endsWith(`(${'月火水木金土日'[weekday - 1]})`));
      }),
    );
  });

  it('rejects anything that is not a real YYYY-MM-DD day', () => {
    for (const bad of ['2026-02-30', '2026-11-21T00:00:00Z', '21/11/2026', '2026-1-5', '']) {
      assert.throws(() => formatDate(bad, 'en'), RangeError, bad);
    }
  });

  it('counts days across month ends and leap days', () => {
    assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
    assert.equal(addDays('2026-11-21', -30), '2026-10-22');
  });
});

describe('formatMoney', () => {
  it('writes yen without a minor unit: 12,100円 in Japanese, ¥12,100 in English', () => {
    assert.equal(formatMoney({ amount: 12100, currency: 'JPY' }, 'ja'), '12,100円');
    assert.equal(formatMoney({ amount: 12100, currency: 'JPY' }, 'en'), '¥12,100');
    assert.equal(formatMoney({ amount: 0, currency: 'JPY' }, 'ja'), '0円');
  });

  it('writes US dollars with cents from minor units', () => {
    assert.equal(formatMoney({ amount: 123456, currency: 'USD' }, 'en'), '$1,234.56');
    assert.equal(formatMoney({ amount: 5, currency: 'USD' }, 'en'), '$0.05');
    assert.equal(formatMoney({ amount: 123456, currency: 'USD' }, 'ja'), '$1,234.56');
    assert.equal(formatMoney({ amount: -150, currency: 'USD' }, 'en'), '-$1.50');
  });

  it('uses ISO 4217 digits (3 for KWD), not display conventions', () => {
    assert.equal(formatMoney({ amount: 1234, currency: 'KWD' }, 'en'), 'KWD\u00A01.234'); // ICU puts a no-break space after a code
  });

  it('is exact beyond float precision (the amount never becomes a float)', () => {
    assert.equal(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'USD' }, 'en'), '$90,071,992,547,409.91');
  });

  it('refuses unknown currencies and fractional minor units', () => {
    assert.throws(() => formatMoney({ amount: 100, currency: 'XXX' }, 'en'), RangeError);
    assert.throws(() => formatMoney({ amount: 1.5, currency: 'USD' }, 'en'), RangeError);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    assert.equal(formatCount(10_000_000, 'ja'), '10,000,000');
    assert.equal(formatCount(10_000_000, 'en'), '10,000,000');
  });
});

describe('checkedUrl', () => {
  it('accepts absolute http(s) URLs', () => {
    assert.equal(checkedUrl('https://portal.example.jp/a?b=1&c=2'), 'https://portal.example.jp/a?b=1&c=2');
  });

  it('refuses script, data and relative links', () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '/relative', 'portal.example.jp']) {
      assert.throws(() => checkedUrl(bad), RangeError, bad);
    }
  });
});
