// One document model, two renderings. Templates describe a mail as blocks (paragraphs, fact
// tables, lists, an action link); this file turns the same blocks into plain text and HTML.
// So the two versions cannot drift apart, and escaping happens in exactly one place: every
// string from a block is escaped here, templates never write markup.
import { checkedUrl, escapeHtml, oneLine } from './format.ts';
import type { EmailCategory, EmailLanguage } from './types.ts';

export type Block =
  | Readonly<{ type: 'paragraph'; text: string }>
  | Readonly<{ type: 'facts'; heading?: string | undefined; rows: readonly (readonly [label: string, value: string])[] }>
  | Readonly<{ type: 'list'; items: readonly string[] }>
  /** The mail's main call to action: a button in HTML, label + URL on their own lines in text. */
  | Readonly<{ type: 'action'; label: string; url: string }>;

export type EmailDocument = Readonly<{
  subject: string;
  greeting: string;
  blocks: readonly Block[];
  /** Small print under a rule: the time-zone note, why the mail was sent. */
  footer: readonly string[];
  /** Reminder mails only: how to stop them (the opt-out of SPEC §4). */
  unsubscribe?: Readonly<{ text: string; linkLabel: string; url: string }> | undefined;
  category: EmailCategory;
}>;

export const paragraph = (text: string): Block => ({ type: 'paragraph', text });
export const facts = (rows: readonly (readonly [string, string])[], heading?: string): Block => ({ type: 'facts', heading, rows });
export const list = (items: readonly string[]): Block => ({ type: 'list', items });
export const action = (label: string, url: string): Block => ({ type: 'action', label, url });

// Plain text ----------------------------------------------------------------------------------

/** Japanese plain-text mail conventionally uses ■ for headings, ・ for items and a full-width colon. */
function textBlock(block: Block, language: EmailLanguage): string {
  const ja = language === 'ja';
  switch (block.type) {
    case 'paragraph':
      return oneLine(block.text);
    case 'facts': {
      const rows = block.rows.map(([label, value]) => (ja ? `・${oneLine(label)}：${oneLine(value)}` : `  ${oneLine(label)}: ${oneLine(value)}`));
      const heading = block.heading === undefined ? [] : [ja ? `■ ${oneLine(block.heading)}` : oneLine(block.heading)];
      return [...heading, ...rows].join('\n');
    }
    case 'list':
      return block.items.map((item) => (ja ? `・${oneLine(item)}` : `  - ${oneLine(item)}`)).join('\n');
    case 'action':
      return `${oneLine(block.label)}${ja ? '：' : ':'}\n${checkedUrl(block.url)}`;
  }
}

export function renderText(doc: EmailDocument, language: EmailLanguage): string {
  const parts = [oneLine(doc.greeting), ...doc.blocks.map((b) => textBlock(b, language))];
  const small = doc.footer.map(oneLine);
  if (doc.unsubscribe) {
    small.push(`${oneLine(doc.unsubscribe.text)}\n${checkedUrl(doc.unsubscribe.url)}`);
  }
  // "-- " is the conventional signature separator; mail clients grey out what follows.
  return `${parts.join('\n\n')}\n\n-- \n${small.join('\n\n')}\n`;
}

// HTML ----------------------------------------------------------------------------------------

/** Escaped, single-line text: the only way a value reaches the markup. */
const t = (value: string): string => escapeHtml(oneLine(value));

// Inline styles only: many mail clients strip <style> and never load external CSS.
const FONT = "font-family:'Hiragino Kaku Gothic ProN','Hiragino Sans',Meiryo,'Segoe UI',Arial,sans-serif";
const P = 'margin:0 0 16px;font-size:16px;line-height:1.7;color:#1f1f1f;';
const CELL = 'padding:6px 12px 6px 0;font-size:15px;line-height:1.6;vertical-align:top;text-align:left;border-bottom:1px solid #e3e3e3;';
// #0b57d0 on white text is above 4.5:1 (WCAG AA) contrast.
const BUTTON = 'display:inline-block;padding:12px 20px;background-color:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold;font-size:16px;';
const SMALL = 'margin:0 0 8px;font-size:13px;line-height:1.6;color:#555555;';

function htmlBlock(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="${P}">${t(block.text)}</p>`;
    case 'facts': {
      // A real table with row headers: screen readers announce "label: value" pairs.
      const caption = block.heading === undefined
        ? ''
        : `<caption style="text-align:left;font-weight:bold;font-size:16px;padding:0 0 6px;">${t(block.heading)}</caption>`;
      const rows = block.rows
        .map(([label, value]) => `<tr><th scope="row" style="${CELL}font-weight:normal;color:#555555;white-space:nowrap;">${t(label)}</th><td style="${CELL}color:#1f1f1f;">${t(value)}</td></tr>`)
        .join('');
      return `<table style="border-collapse:collapse;margin:0 0 20px;width:100%;">${caption}<tbody>${rows}</tbody></table>`;
    }
    case 'list':
      return `<ul style="margin:0 0 16px;padding-left:24px;">${block.items.map((i) => `<li style="${P}margin:0 0 4px;">${t(i)}</li>`).join('')}</ul>`;
    case 'action':
      return `<p style="margin:8px 0 24px;"><a href="${escapeHtml(checkedUrl(block.url))}" style="${BUTTON}">${t(block.label)}</a></p>`;
  }
}

export function renderHtml(doc: EmailDocument, language: EmailLanguage): string {
  const body = [`<p style="${P}">${t(doc.greeting)}</p>`, ...doc.blocks.map(htmlBlock)].join('\n');
  const small = doc.footer.map((line) => `<p style="${SMALL}">${t(line)}</p>`);
  if (doc.unsubscribe) {
    const u = doc.unsubscribe;
    small.push(`<p style="${SMALL}">${t(u.text)} <a href="${escapeHtml(checkedUrl(u.url))}" style="color:#0b57d0;">${t(u.linkLabel)}</a></p>`);
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t(doc.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background-color:#f4f5f7;">`,
    // role=article + lang: screen readers in webmail announce the mail and switch voice.
    `<div role="article" aria-label="${t(doc.subject)}" lang="${language}" style="max-width:600px;margin:0 auto;padding:32px 24px;background-color:#ffffff;${FONT};">`,
    body,
    '<hr style="border:none;border-top:1px solid #e3e3e3;margin:24px 0 16px;">',
    small.join('\n'),
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
