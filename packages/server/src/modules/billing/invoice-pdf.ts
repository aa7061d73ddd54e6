// The invoice as a PDF: every field a qualified invoice (適格請求書) must carry, or a return
// invoice (適格返還請求書) — issuer name and registration number, issue and transaction dates
// (for a return: the refund date and the original sale's date), lines with the reduced rate
// marked ※, totals and tax per rate, the recipient — in Japanese (or English on request), with
// Noto Sans JP embedded (subset to the glyphs used) so it reads the same on every machine.
// Rendered from the invoice's stored content, so a copy prints exactly what the original did.
import type { Temporal } from 'temporal-polyfill';
import { REDUCED_RATE_MARK, REDUCED_RATE_NOTE } from '@licentia/core/billing';
import { localDate } from '@licentia/core/lifecycle';
import { startPdf } from '../../pdf/document.ts';
import { formatDate, formatMoney } from '../notifications/templates/index.ts';
import type { InvoiceContent } from './invoices.ts';

type PdfLanguage = 'ja' | 'en';


const TEXT = {
  ja: {
    invoice: '請求書（適格請求書）',
    return: '返還請求書（適格返還請求書）',
    copy: '再発行（写し）',
    copyNote: (n: number, on: string) => `再発行 ${n} 回目・${on}`,
    recipientSuffix: ' 御中',
    number: '請求書番号',
    issueDate: '発行日',
    orderNumber: '注文番号',
    transactionDate: '取引年月日',
    originalSaleDate: '元の取引年月日',
    refundDate: '返還年月日',
    originalInvoice: '元の請求書番号',
    registration: '登録番号',
    phone: '電話',
    email: 'メール',
    total: 'ご請求金額（税込）',
    returnTotal: '返還金額（税込）',
    description: '内容',
    period: '期間',
    quantity: '数量',
    unitPrice: '単価',
    rate: '税率',
    amount: '金額（税抜）',
    byRate: '税率ごとの内訳',
    rateLine: (percent: number, mark: string) => `${percent}%対象${mark ? `（${mark}軽減税率）` : ''}`,
    taxable: '対象額（税抜）',
    tax: '消費税額',
    subtotal: '小計（税抜）',
    taxTotal: '消費税合計',
    grandTotal: '合計（税込）',
    rounding: (r: string) => `消費税は税率ごとに合計した金額から1回計算しています（端数処理: ${ROUNDING_JA[r] ?? r}）。`,
    paid: (method: string) => `お支払い方法: ${method}（お支払い済み）`,
    refunded: (method: string) => `返金方法: ${method}`,
    methods: { card: 'クレジットカード', bank_transfer: '銀行振込' } as Record<string, string>,
    seats: (n: number) => `${n.toLocaleString('ja-JP')}`,
  },
  en: {
    invoice: 'Invoice (Qualified Invoice)',
    return: 'Return Invoice (Qualified Return Invoice)',
    copy: 'COPY (REISSUED)',
    copyNote: (n: number, on: string) => `Reissue no. ${n}, ${on}`,
    recipientSuffix: '',
    number: 'Invoice number',
    issueDate: 'Issue date',
    orderNumber: 'Order number',
    transactionDate: 'Transaction date',
    originalSaleDate: 'Date of the original sale',
    refundDate: 'Refund date',
    originalInvoice: 'Original invoice',
    registration: 'Registration number',
    phone: 'Phone',
    email: 'Email',
    total: 'Amount billed (tax included)',
    returnTotal: 'Amount refunded (tax included)',
    description: 'Description',
    period: 'Period',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    rate: 'Tax',
    amount: 'Amount (excl. tax)',
    byRate: 'By tax rate',
    rateLine: (percent: number, mark: string) => `${percent}% items${mark ? ` (${mark} reduced rate)` : ''}`,
    taxable: 'Taxable amount',
    tax: 'Consumption tax',
    subtotal: 'Subtotal (excl. tax)',
    taxTotal: 'Consumption tax',
    grandTotal: 'Total (tax included)',
    rounding: (r: string) => `Consumption tax is computed once per tax rate on the total at that rate (rounding: ${r.replace('_', ' ')}).`,
    paid: (method: string) => `Payment: ${method} (paid)`,
    refunded: (method: string) => `Refunded to: ${method}`,
    methods: { card: 'card', bank_transfer: 'bank transfer' } as Record<string, string>,
    seats: (n: number) => n.toLocaleString('en-US'),
  },
} as const;
const ROUNDING_JA: Record<string, string> = { floor: '切り捨て', half_up: '四捨五入', ceil: '切り上げ' };

const PAGE = { width: 595.28, margin: 48 };
const WIDTH = PAGE.width - 2 * PAGE.margin;
const COLUMNS = [
  { key: 'description', width: 178, align: 'left' },
  { key: 'period', width: 108, align: 'left' },
  { key: 'quantity', width: 36, align: 'right' },
  { key: 'unitPrice', width: 68, align: 'right' },
  { key: 'rate', width: 38, align: 'right' },
  { key: 'amount', width: 71, align: 'right' },
] as const;

export interface PdfOptions {
  language: PdfLanguage;
  /** A reissue: marked as a copy, with its number and the day it was made. */
  copy?: { number: number; on: Temporal.Instant } | undefined;
}

export async function renderInvoicePdf(content: InvoiceContent, options: PdfOptions): Promise<Buffer> {
  const t = TEXT[options.language];
  const lang = options.language;
  const isReturn = content.kind === 'return';
  const money = (amount: number) => formatMoney({ amount, currency: content.currency }, lang);
  const date = (value: string) => formatDate(value, lang);
  const title = isReturn ? t.return : t.invoice;
  const { doc, finish } = startPdf({
    margin: PAGE.margin,
    info: { Title: `${title} ${content.number}`, Author: content.issuer.name[lang], Subject: content.orderNumber },
    lang: lang === 'ja' ? 'ja-JP' : 'en-US',
  });
  const left = PAGE.margin;

  // Title, and the copy mark of a reissue.
  doc.font('bold').fontSize(18).text(title, left, PAGE.margin, { width: WIDTH, align: 'center' });
  if (options.copy) {
    // In the top margin, above the title, where nothing else prints.
    const on = date(localDate(options.copy.on, content.timeZone).toString());
    const boxTop = 10;
    doc.save().lineWidth(1.5).strokeColor('#c00000').rect(left + WIDTH - 170, boxTop, 170, 32).stroke().restore();
    doc.font('bold').fontSize(11).fillColor('#c00000').text(t.copy, left + WIDTH - 170, boxTop + 3, { width: 170, align: 'center', lineBreak: false });
    doc.font('regular').fontSize(7.5).text(t.copyNote(options.copy.number, on), left + WIDTH - 170, boxTop + 19, { width: 170, align: 'center', lineBreak: false });
    doc.fillColor('black');
  }

  // Recipient (left) and the invoice's numbers and dates (right).
  const top = PAGE.margin + 48;
  doc.font('bold').fontSize(13).text(`${content.recipient.name}${t.recipientSuffix}`, left, top, { width: 260 });
  doc.moveTo(left, doc.y + 2).lineTo(left + 260, doc.y + 2).lineWidth(0.8).stroke();
  const facts: [string, string][] = [
    [t.number, content.number],
    [t.issueDate, date(content.issueDate)],
    [t.orderNumber, content.orderNumber],
  ];
  if (isReturn) {
    facts.push([t.refundDate, date(content.refundDate!)], [t.originalSaleDate, date(content.transactionDate)]);
    if (content.originalInvoiceNumber) facts.push([t.originalInvoice, content.originalInvoiceNumber]);
  } else {
    facts.push([t.transactionDate, date(content.transactionDate)]);
  }
  let y = top;
  for (const [label, value] of facts) {
    doc.font('regular').fontSize(8.5).text(label, left + 280, y, { width: 80 });
    const labelBottom = doc.y;
    doc.text(value, left + 355, y, { width: WIDTH - 355, align: 'right' });
    y = Math.max(y + 14, labelBottom + 2, doc.y + 2);
  }

  // The issuer: name and registration number above all (the qualified invoice's first field).
  y += 6;
  const issuer = content.issuer;
  doc.font('bold').fontSize(10).text(issuer.name[lang], left + 280, y, { width: WIDTH - 280 });
  doc.font('regular').fontSize(8.5).text(`${t.registration}: ${issuer.registrationNumber}`, left + 280, doc.y + 1, { width: WIDTH - 280 });
  doc.text(issuer.address[lang], { width: WIDTH - 280 });
  if (issuer.phone) doc.text(`${t.phone}: ${issuer.phone}`, { width: WIDTH - 280 });
  if (issuer.email) doc.text(`${t.email}: ${issuer.email}`, { width: WIDTH - 280 });
  const afterIssuer = doc.y;

  // The amount, large, as Japanese invoices put it.
  const boxTop = top + 40;
  doc.font('regular').fontSize(9).text(isReturn ? t.returnTotal : t.total, left, boxTop, { width: 260 });
  doc.font('bold').fontSize(20).text(money(content.taxes.gross), left, boxTop + 14, { width: 260 });
  doc.moveTo(left, doc.y + 2).lineTo(left + 260, doc.y + 2).lineWidth(1.2).stroke();

  // Lines.
  y = Math.max(afterIssuer, doc.y) + 22;
  const header = { description: t.description, period: t.period, quantity: t.quantity, unitPrice: t.unitPrice, rate: t.rate, amount: t.amount };
  y = drawRow(doc, y, header, { bold: true, fill: '#eeeeee' });
  for (const line of content.lines) {
    const period = `${date(line.periodStart)}\n〜 ${date(line.periodEnd)}`;
    const percent = line.rate === 'reduced' ? 8 : 10;
    y = drawRow(doc, y, {
      description: `${line.description[lang]}${line.mark ? ` ${line.mark}` : ''}`,
      period,
      quantity: t.seats(line.seats),
      unitPrice: money(line.unitPriceMinor),
      rate: `${percent}%${line.mark}`,
      amount: money(line.amountMinor),
    });
  }

  // Per rate: the total and the tax, rounded once per rate for the whole invoice.
  y += 12;
  const rateX = left + 215;
  const rateColumns = [rateX, rateX + 125, rateX + 205] as const;
  const rateWidths = [125, 80, WIDTH - 215 - 205] as const;
  const rateRow = (cells: readonly [string, string, string], font: 'regular' | 'bold') => {
    doc.font(font).fontSize(8.5);
    cells.forEach((cell, i) => doc.text(cell, rateColumns[i], y, { width: rateWidths[i], align: i === 0 ? 'left' : 'right' }));
    y += 14;
  };
  doc.font('bold').fontSize(9).text(t.byRate, rateX, y);
  y = doc.y + 3;
  rateRow([t.rate, t.taxable, t.tax], 'bold');
  for (const rate of content.taxes.perRate) {
    rateRow([t.rateLine(rate.percent, rate.rate === 'reduced' ? REDUCED_RATE_MARK : ''), money(rate.taxable), money(rate.tax)], 'regular');
  }
  doc.moveTo(rateX, y).lineTo(left + WIDTH, y).lineWidth(0.5).strokeColor('#999999').stroke().strokeColor('black');
  y += 8;
  for (const [label, value, strong] of [
    [t.subtotal, money(content.taxes.taxable), false],
    [t.taxTotal, money(content.taxes.tax), false],
    [t.grandTotal, money(content.taxes.gross), true],
  ] as const) {
    doc.font(strong ? 'bold' : 'regular').fontSize(strong ? 10.5 : 9).text(label, left + 300, y, { width: 110 });
    doc.text(value, left + 410, y, { width: WIDTH - 410, align: 'right' });
    y += strong ? 18 : 14;
  }

  // Notes: the reduced-rate mark, the rounding, and how it was paid.
  y += 10;
  doc.font('regular').fontSize(8);
  if (content.lines.some((l) => l.mark)) {
    doc.text(REDUCED_RATE_NOTE[lang], left, y, { width: WIDTH });
    y = doc.y + 2;
  }
  doc.text(t.rounding(content.rounding), left, y, { width: WIDTH });
  const method = t.methods[content.paymentMethod] ?? content.paymentMethod;
  doc.text(isReturn ? t.refunded(method) : t.paid(method), { width: WIDTH });
  return finish();
}

type Row = Record<(typeof COLUMNS)[number]['key'], string>;

/** One table row; returns the y below it. Cells wrap; the row is as tall as its tallest cell. */
function drawRow(doc: PDFKit.PDFDocument, y: number, row: Row, style: { bold?: boolean; fill?: string } = {}): number {
  doc.font(style.bold ? 'bold' : 'regular').fontSize(8);
  const padding = 4;
  const heights = COLUMNS.map((c) => doc.heightOfString(row[c.key], { width: c.width - 2 * padding }));
  const height = Math.max(...heights) + 2 * padding;
  if (style.fill) doc.save().rect(PAGE.margin, y, WIDTH, height).fill(style.fill).restore();
  let x = PAGE.margin;
  for (const column of COLUMNS) {
    doc.fillColor('black').text(row[column.key], x + padding, y + padding, { width: column.width - 2 * padding, align: column.align });
    x += column.width;
  }
  doc.moveTo(PAGE.margin, y + height).lineTo(PAGE.margin + WIDTH, y + height).lineWidth(0.5).strokeColor('#999999').stroke().strokeColor('black');
  return y + height;
}
