import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EMAIL_KINDS, emailCategory, renderEmail } from './registry.ts';
import { escapeHtml, formatDate } from './format.ts';
import { ALL_SAMPLES, END_DATE, ORG, PREFERENCES, PRODUCT, SAMPLES, withNames } from './testing.ts';
import type { EmailLanguage, EmailMessageInput, RenewalReminderInput } from './types.ts';

const LANGUAGES: readonly EmailLanguage[] = ['ja', 'en'];
const hasSubscription = (input: EmailMessageInput) => !input.kind.startsWith('delegated_admin');

/** Removes every tag the layout writes; what is left must be text, so no '<' or '>' may remain. */
const LAYOUT_TAGS = /<!DOCTYPE html>|<\/?(?:html|head|meta|title|body|div|p|table|caption|tbody|tr|th|td|ul|li|a|hr)(?:\s[^<>]*)?>/g;
const textOnly = (html: string) => html.replace(LAYOUT_TAGS, '');

describe('renderEmail: every template', () => {
  it('has a sample for every kind, and the registry has every kind', () => {
    assert.deepEqual([...EMAIL_KINDS].sort(), Object.keys(SAMPLES).sort());
    for (const kind of EMAIL_KINDS) assert.ok(SAMPLES[kind].length > 0, kind);
  });

  for (const input of ALL_SAMPLES) {
    for (const language of LANGUAGES) {
      it(`${input.kind} (${language}) renders subject, text and HTML naming the organization, subscription and date`, () => {
        const mail = renderEmail(input, language);
        assert.ok(mail.subject.length > 0 && mail.text.length > 0 && mail.html.length > 0);
        assert.doesNotMatch(mail.subject, /[\r\n]/);
        assert.match(mail.html, new RegExp(`<html lang="${language}">`));
        const date = formatDate(END_DATE, language);
        for (const value of [ORG, date, ...(hasSubscription(input) ? [PRODUCT] : [])]) {
          assert.ok(mail.text.includes(value), `text lacks ${value}`);
          assert.ok(mail.html.includes(escapeHtml(value)), `html lacks ${value}`);
        }
        assert.equal(textOnly(mail.html).match(/[<>]/), null);
      });
    }
  }

  it('writes Japanese mail in Japanese and English mail in English', () => {
    for (const input of ALL_SAMPLES) {
      assert.match(renderEmail(input, 'ja').text, /ます。/, input.kind);
      // With every name in Latin letters, no Japanese may be left over in the English mail.
      const en = renderEmail(withNames(input, 'Acme'), 'en');
      assert.doesNotMatch(en.subject + en.text + en.html, /[\u3000-\u9fff\uff00-\uffef]/u, input.kind);
    }
  });

  it('names the time zone of the dates', () => {
    const input = SAMPLES.subscription_expired[0];
    assert.match(renderEmail(input, 'ja').text, /2026年11月21日\(土\) \(日本時間\)/);
    assert.match(renderEmail(input, 'ja').text, /記載の日付はすべて日本時間です。/);
    assert.match(renderEmail(input, 'en').text, /November 21, 2026 \(Asia\/Tokyo\)/);
    const ny = renderEmail({ ...input, timeZone: 'America/New_York' }, 'ja').text;
    assert.match(ny, /2026年11月21日\(土\) \(America\/New_York\)/);
    assert.match(ny, /組織のタイムゾーン（America\/New_York）/);
  });
});

describe('categories and the opt-out', () => {
  it('makes renewal reminders the only reminder category', () => {
    for (const kind of EMAIL_KINDS) {
      assert.equal(emailCategory(kind), kind === 'renewal_reminder' ? 'reminder' : 'transactional', kind);
    }
  });

  it('puts the unsubscribe sentence and link in reminders only', () => {
    for (const input of ALL_SAMPLES) {
      for (const language of LANGUAGES) {
        const mail = renderEmail(input, language);
        const reminder = input.kind === 'renewal_reminder';
        assert.equal(mail.category, reminder ? 'reminder' : 'transactional');
        const sentence = language === 'ja' ? '配信設定から停止できます' : 'To stop renewal reminders';
        assert.equal(mail.text.includes(sentence), reminder, `${input.kind} ${language} text`);
        assert.equal(mail.html.includes(sentence), reminder, `${input.kind} ${language} html`);
        assert.equal(mail.text.includes(PREFERENCES), reminder);
        assert.equal(mail.html.includes(`href="${PREFERENCES}"`), reminder);
      }
    }
  });
});

describe('escaping', () => {
  it('escapes a malicious organization name everywhere in the HTML', () => {
    const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    for (const input of ALL_SAMPLES) {
      for (const language of LANGUAGES) {
        const mail = renderEmail({ ...input, organizationName: evil }, language);
        assert.doesNotMatch(mail.html, /<script|<img/i, input.kind);
        assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), input.kind);
        // Plain text is not markup: the name appears as typed.
        assert.ok(mail.text.includes(evil), input.kind);
      }
    }
  });

  it('no free-text field can put an unescaped < or > into the HTML, a line into the text or the subject (property)', () => {
    const payloads = fc.constantFrom('<script>alert(1)</script>', '"><svg onload=alert(1)>', "' onmouseover='x", 'a\r\nBcc: x@example.com', '</td></tr></table><a href="javascript:x">');
    fc.assert(
      fc.property(
        fc.constantFrom(...ALL_SAMPLES),
        fc.constantFrom(...LANGUAGES),
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), payloads),
        (sample, language, value) => {
          const mail = renderEmail(withNames(sample, value), language);
          const baseline = renderEmail(withNames(sample, 'x'), language);
          assert.equal(textOnly(mail.html).match(/[<>]/), null);
          assert.equal(mail.html.split('<').length, baseline.html.split('<').length);
          assert.equal(mail.text.split('\n').length, baseline.text.split('\n').length);
          assert.doesNotMatch(mail.subject, /[\r\n]/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('renewal reminders say what to do', () => {
  const [manual, autoEarly, autoLate] = SAMPLES.renewal_reminder as readonly RenewalReminderInput[] as [RenewalReminderInput, RenewalReminderInput, RenewalReminderInput];

  it('auto-renew off: renew by E, else grace from E+1 and no access from the disabled date', () => {
    const ja = renderEmail(manual, 'ja').text;
    assert.match(ja, /2026年11月21日\(土\)までに更新のお手続きをお願いいたします/);
    assert.match(ja, /2026年11月22日\(日\)から猶予期間となります/);
    assert.match(ja, /2026年12月22日\(火\)からはユーザーの皆様がご利用いただけなくなります/);
    assert.match(renderEmail(manual, 'ja').subject, /【重要】ご契約の有効期限まであと7日です/);
    const en = renderEmail(manual, 'en').text;
    assert.match(en, /renew on or before November 21, 2026/);
    assert.match(en, /enters a grace period on November 22, 2026/);
  });

  it('auto-renew off on a plan without grace: no access from E+1', () => {
    const en = renderEmail({ ...manual, disabledFrom: '2026-11-22' }, 'en').text;
    assert.match(en, /users can no longer use it from November 22, 2026/);
    assert.doesNotMatch(en, /grace/);
  });

  it('auto-renew on, before the cut-off: renews on E+1; turn it off by the cut-off', () => {
    const en = renderEmail(autoEarly, 'en');
    assert.match(en.subject, /renews automatically on November 22, 2026/);
    assert.match(en.text, /turn auto-renew off in the portal on or before October 22, 2026\./);
    assert.match(renderEmail(autoEarly, 'ja').text, /2026年10月22日\(木\)までに管理ポータルで自動更新をオフにしてください/);
  });

  it('auto-renew on, on the cut-off day itself: still possible, today', () => {
    const onCutoff = { ...autoEarly, daysBefore: 30 as const, today: '2026-10-22' };
    assert.match(renderEmail(onCutoff, 'en').text, /on or before October 22, 2026 \(today\)/);
    assert.match(renderEmail(onCutoff, 'ja').text, /本日（2026年10月22日\(木\)）中に/);
  });

  it('auto-renew on, after the cut-off: cannot be stopped; cancel within the refund window instead', () => {
    const en = renderEmail(autoLate, 'en').text;
    assert.match(en, /last day to turn auto-renew off for this renewal was October 22, 2026/);
    assert.match(en, /within 168 hours \(7 days\) after the renewal/);
    assert.match(renderEmail(autoLate, 'ja').text, /更新から168時間（7日間）以内に解約/);
  });

  it('words the days left from the day of sending, so a late (catch-up) reminder is still right', () => {
    const late = { ...manual, today: '2026-11-18' }; // the 7-day reminder, sent 3 days late
    assert.match(renderEmail(late, 'en').text, /\(in 3 days\)/);
    assert.match(renderEmail(late, 'ja').subject, /あと3日です/);
    assert.match(renderEmail({ ...manual, today: '2026-11-20' }, 'ja').subject, /有効期限は明日までです/);
  });
});

describe('money in mails', () => {
  const payment = SAMPLES.payment_completed[0];

  it('shows yen as 12,100円 in Japanese and ¥12,100 in English', () => {
    assert.match(renderEmail(payment, 'ja').text, /お支払い金額：12,100円/);
    assert.match(renderEmail(payment, 'en').text, /Amount paid: ¥12,100/);
  });

  it('shows US dollars with cents', () => {
    const usd = { ...payment, amountPaid: { amount: 123456, currency: 'USD' } };
    assert.match(renderEmail(usd, 'en').text, /Amount paid: \$1,234\.56/);
    assert.match(renderEmail(usd, 'en').html, /\$1,234\.56/);
  });
});

describe('refuses input that would make a wrong or unsafe mail', () => {
  const base = SAMPLES.subscription_disabled[0];

  it('unknown time zone, impossible date, non-http link', () => {
    assert.throws(() => renderEmail({ ...base, timeZone: 'Mars/Olympus' }, 'en'), RangeError);
    assert.throws(() => renderEmail({ ...base, deletedFrom: '2027-02-30' }, 'en'), RangeError);
    assert.throws(() => renderEmail({ ...base, portalUrl: 'javascript:alert(1)' }, 'en'), RangeError);
  });

  it('dates in the wrong order', () => {
    assert.throws(() => renderEmail({ ...base, deletedFrom: '2026-12-01' }, 'en'), RangeError);
    const expired = SAMPLES.subscription_expired[0];
    assert.throws(() => renderEmail({ ...expired, disabledFrom: '2026-11-22' }, 'en'), RangeError);
    const reminder = SAMPLES.renewal_reminder[0];
    assert.throws(() => renderEmail({ ...reminder, today: '2026-11-22' }, 'en'), RangeError);
  });
});
