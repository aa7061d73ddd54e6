import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { action, facts, list, paragraph, renderHtml, renderText, type EmailDocument } from './layout.ts';

const doc: EmailDocument = {
  subject: 'Subject <b>',
  greeting: 'Hello,',
  blocks: [
    paragraph('First & "quoted" paragraph.'),
    facts([['Label', 'Value <i>']], 'Heading'),
    list(['one', 'two']),
    action('Do it', 'https://example.com/a?x=1&y=2'),
  ],
  footer: ['Small print.'],
  unsubscribe: { text: 'Stop these.', linkLabel: 'Preferences', url: 'https://example.com/prefs' },
  category: 'reminder',
};

describe('renderHtml', () => {
  const html = renderHtml(doc, 'ja');

  it('declares the language and charset, and titles the document with the subject', () => {
    assert.match(html, /^<!DOCTYPE html>\n<html lang="ja">/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /<title>Subject &lt;b&gt;<\/title>/);
  });

  it('loads nothing external and runs nothing: no script, style sheet, image or frame', () => {
    assert.doesNotMatch(html, /<(script|style|link|img|iframe|object|embed)\b/i);
    assert.doesNotMatch(html, /\bsrc=/i);
  });

  it('escapes values in content and in attributes', () => {
    assert.match(html, /First &amp; &quot;quoted&quot; paragraph\./);
    assert.match(html, /Value &lt;i&gt;/);
    assert.match(html, /href="https:\/\/example\.com\/a\?x=1&amp;y=2"/);
  });

  it('marks up facts as a table with row headers and a caption', () => {
    assert.match(html, /<caption[^>]*>Heading<\/caption>/);
    assert.match(html, /<th scope="row"[^>]*>Label<\/th><td[^>]*>Value &lt;i&gt;<\/td>/);
  });

  it('puts the unsubscribe link in the footer', () => {
    assert.match(html, /Stop these\. <a href="https:\/\/example\.com\/prefs"[^>]*>Preferences<\/a>/);
  });
});

describe('renderText', () => {
  it('has the same content as the HTML, with URLs on their own lines', () => {
    assert.equal(
      renderText(doc, 'en'),
      [
        'Hello,',
        '',
        'First & "quoted" paragraph.',
        '',
        'Heading',
        '  Label: Value <i>',
        '',
        '  - one',
        '  - two',
        '',
        'Do it:',
        'https://example.com/a?x=1&y=2',
        '',
        '-- ',
        'Small print.',
        '',
        'Stop these.',
        'https://example.com/prefs',
        '',
      ].join('\n'),
    );
  });

  it('uses Japanese plain-text conventions (■ headings, ・ items, full-width colon)', () => {
    const text = renderText(doc, 'ja');
    assert.match(text, /^■ Heading\n・Label：Value <i>$/m);
    assert.match(text, /^・one\n・two$/m);
    assert.match(text, /^Do it：\nhttps:\/\/example\.com/m);
  });
});

describe('links', () => {
  it('refuses a javascript: link in both renderings', () => {
    const bad: EmailDocument = { ...doc, blocks: [action('Click', 'javascript:alert(1)')] };
    assert.throws(() => renderHtml(bad, 'en'), RangeError);
    assert.throws(() => renderText(bad, 'en'), RangeError);
  });
});
