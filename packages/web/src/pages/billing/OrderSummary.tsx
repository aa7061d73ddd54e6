// What an order (or its quote) charges: each line with its period, then the subtotal, the tax of
// each rate (rounded once per rate for the whole order, as the invoice prints it) and the total.
import { Fragment } from 'react';
import type { Quote } from '../../api/types.ts';
import { Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function OrderSummary({ quote, label }: { quote: Quote; label: string }) {
  const { t, date, money, language } = useI18n();
  return (
    <>
      <Table label={label} columns={[t('order.column.item'), t('order.column.period'), t('order.column.seats'), t('order.column.amount')]}>
        {quote.lines.map((line) => (
          <tr key={line.lineNo}>
            <td>
              {line.description[language]}
              {line.reducedRate && <span className="muted small"> {t('order.reducedRate')}</span>}
            </td>
            <td>{t('redeem.review.term', { start: date(line.periodStart), end: date(line.periodEnd) })}</td>
            <td>{line.seats}</td>
            <td>{money(line.amount)}</td>
          </tr>
        ))}
      </Table>
      <dl className="facts">
        <Totals totals={quote} />
      </dl>
    </>
  );
}

/** The subtotal, the tax of each rate and the total, as terms of a `<dl>` (orders and invoices print the same). */
export function Totals({ totals }: { totals: Pick<Quote, 'subtotal' | 'taxes' | 'total'> }) {
  const { t, money } = useI18n();
  return (
    <>
      <dt>{t('order.subtotal')}</dt>
      <dd>{money(totals.subtotal)}</dd>
      {totals.taxes.map((tax) => (
        <Fragment key={tax.rate}>
          <dt>{t('order.taxLine', { percent: tax.percent, taxable: money(tax.taxable) })}</dt>
          <dd>{money(tax.tax)}</dd>
        </Fragment>
      ))}
      <dt>{t('order.total')}</dt>
      <dd className="emphasis">{money(totals.total)}</dd>
    </>
  );
}
