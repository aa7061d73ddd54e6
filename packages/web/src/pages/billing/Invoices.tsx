// The organization's invoices (qualified invoices for sales, return invoices for refunds), each
// with its PDF. Issued only once an order is paid.
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function Invoices({ organizationId }: { organizationId: string }) {
  const { t, date, money } = useI18n();
  const invoices = useLoad(() => api.get('/v1/organizations/{organizationId}/invoices', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  return (
    <Page title={t('invoices.title')}>
      <LoadState loaded={invoices}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('invoices.none')}</p>
          ) : (
            <Table label={t('invoices.title')} columns={[t('invoices.column.number'), t('invoices.column.kind'), t('invoices.column.issued'), t('invoices.column.order'), t('invoices.column.total')]}>
              {data.map((invoice) => (
                <tr key={invoice.id}>
                  <th scope="row"><Link to={`/o/${organizationId}/invoices/${invoice.id}`}><code>{invoice.number}</code></Link></th>
                  <td>{t(`invoiceKind.${invoice.kind}`)}</td>
                  <td>{date(invoice.issueDate)}</td>
                  <td><Link to={`/o/${organizationId}/orders/${invoice.orderId}`}><code>{invoice.orderNumber}</code></Link></td>
                  <td>{money(invoice.total)}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </LoadState>
    </Page>
  );
}
