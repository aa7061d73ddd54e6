// One invoice: its numbers and dates, totals and tax per rate, and its PDF. Mail announcing an
// invoice links here (the PDF itself is behind sign-in).
import { Fragment } from 'react';
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { InvoiceDownloads } from './InvoiceDownloads.tsx';

export function InvoiceDetail({ organizationId, invoiceId }: { organizationId: string; invoiceId: string }) {
  const { t, date, money } = useI18n();
  const loaded = useLoad(() => api.get('/v1/organizations/{organizationId}/invoices/{invoiceId}', { path: { organizationId, invoiceId } }), [organizationId, invoiceId]);
  return (
    <LoadState loaded={loaded}>
      {(invoice) => (
        <Page title={t('invoice.title', { number: invoice.number })} actions={<Link to={`/o/${organizationId}/invoices`}>{t('invoice.back')}</Link>}>
          <section aria-labelledby="invoice-heading" className="card">
            <h2 id="invoice-heading">{t(`invoiceKind.${invoice.kind}`)}</h2>
            <dl className="facts">
              <dt>{t('invoice.issueDate')}</dt>
              <dd>{date(invoice.issueDate)}</dd>
              <dt>{t('invoice.transactionDate')}</dt>
              <dd>{date(invoice.transactionDate)}</dd>
              {invoice.refundDate && (
                <>
                  <dt>{t('invoice.refundDate')}</dt>
                  <dd>{date(invoice.refundDate)}</dd>
                </>
              )}
              <dt>{t('invoice.order')}</dt>
              <dd><Link to={`/o/${organizationId}/orders/${invoice.orderId}`}><code>{invoice.orderNumber}</code></Link></dd>
              <dt>{t('order.subtotal')}</dt>
              <dd>{money(invoice.subtotal)}</dd>
              {invoice.taxes.map((tax) => (
                <Fragment key={tax.rate}>
                  <dt>{t('order.taxLine', { percent: tax.percent, taxable: money(tax.taxable) })}</dt>
                  <dd>{money(tax.tax)}</dd>
                </Fragment>
              ))}
              <dt>{t('order.total')}</dt>
              <dd className="emphasis">{money(invoice.total)}</dd>
              <dt>{t('invoice.copies')}</dt>
              <dd>{invoice.originalDelivered ? t('invoice.delivered', { copies: invoice.copies }) : t('invoice.notDelivered')}</dd>
            </dl>
            <InvoiceDownloads invoice={invoice} onDownloaded={loaded.reload} />
          </section>
        </Page>
      )}
    </LoadState>
  );
}
