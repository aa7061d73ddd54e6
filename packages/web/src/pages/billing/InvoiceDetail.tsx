// One invoice: its numbers and dates, totals and tax per rate, and its PDF. Mail announcing an
// invoice links here (the PDF itself is behind sign-in).
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { InvoiceDownloads } from './InvoiceDownloads.tsx';
import { Totals } from './OrderSummary.tsx';

export function InvoiceDetail({ organizationId, invoiceId }: { organizationId: string; invoiceId: string }) {
  const { t, date } = useI18n();
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
              <Totals totals={invoice} />
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
