// How the portal writes dates and money in each language, and which language it picks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, daysBetween } from '../src/i18n/civil-date.ts';
import { formatBytes, formatDate, formatInstant, formatMoney } from '../src/i18n/format.ts';
import { preferredLanguage } from '../src/i18n/language.ts';
import { fill } from '../src/i18n/translate.ts';

test('civil dates are formatted as the day they are, in any zone the browser runs in', () => {
  assert.equal(formatDate('2026-11-21', 'ja'), '2026/11/21');
  assert.equal(formatDate('2026-11-21', 'en'), 'Nov 21, 2026');
  // A leap day and a year's last day do not move.
  assert.equal(formatDate('2028-02-29', 'en'), 'Feb 29, 2028');
  assert.equal(formatDate('2026-12-31', 'ja'), '2026/12/31');
});

test("instants are shown in the organization's zone, named", () => {
  // 15:00 UTC is already the next day in Tokyo.
  assert.equal(formatInstant('2026-11-27T15:00:00.000Z', 'Asia/Tokyo', 'en'), 'Nov 28, 2026, 12:00 AM GMT+9');
  assert.equal(formatInstant('2026-11-27T15:00:00.000Z', 'Asia/Tokyo', 'ja'), '2026/11/28 0:00 JST');
});

test('money comes from the exact decimal, with the currency’s own digits', () => {
  assert.equal(formatMoney({ amountMinor: 29918, currency: 'JPY', amount: '29918' }, 'en'), '¥29,918');
  assert.equal(formatMoney({ amountMinor: 29918, currency: 'JPY', amount: '29918' }, 'ja'), '￥29,918');
  assert.equal(formatMoney({ amountMinor: 1999, currency: 'USD', amount: '19.99' }, 'en'), '$19.99');
  // Beyond a double's exact integers, the decimal string keeps every digit.
  assert.equal(formatMoney({ amountMinor: 0, currency: 'USD', amount: '90071992547409.93' }, 'en'), '$90,071,992,547,409.93');
});

test('Japanese where the browser asks for it before English; English otherwise; a choice made here wins', () => {
  assert.equal(preferredLanguage(['ja-JP', 'en-US'], null), 'ja');
  assert.equal(preferredLanguage(['en-GB', 'ja'], null), 'en');
  assert.equal(preferredLanguage(['fr-FR', 'ja'], null), 'ja');
  assert.equal(preferredLanguage(['fr-FR', 'de'], null), 'en');
  assert.equal(preferredLanguage([], null), 'en');
  assert.equal(preferredLanguage(['ja-JP'], 'en'), 'en');
  assert.equal(preferredLanguage(['en-US'], 'ja'), 'ja');
  assert.equal(preferredLanguage(['ja-JP'], 'fr'), 'ja', 'a stored value the portal does not speak is ignored');
});

test('messages fill their placeholders and leave unknown ones visible', () => {
  assert.equal(fill('{count} keys added to {name}.', { count: 2, name: 'さくら商事' }), '2 keys added to さくら商事.');
  assert.equal(fill('{missing} stays', {}), '{missing} stays');
});

test('civil-date arithmetic is in whole days, across month and year ends and leap days', () => {
  assert.equal(addDays('2027-11-20', 1), '2027-11-21');
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(daysBetween('2027-10-21', '2027-11-20'), 30);
  assert.equal(daysBetween('2028-02-01', '2028-03-01'), 29);
});

test('file sizes in decimal units, as file managers show them', () => {
  assert.equal(formatBytes(812, 'en'), '0.8 kB');
  assert.equal(formatBytes(4_200, 'en'), '4.2 kB');
  assert.equal(formatBytes(5_242_880, 'en'), '5.2 MB');
  assert.equal(formatBytes(5_242_880, 'ja'), '5.2 MB');
});
