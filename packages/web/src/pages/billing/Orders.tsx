// The organization's orders: number, when placed, status, how paid, total and, while awaiting a
// bank transfer, the day it must arrive by. Each opens its page (payment, invoice).
import { api } from '../../api/client.ts';
import { Link } from '../../app/router.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useLoad } from '../../components/hooks.ts';
import { LoadState, Page, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { OrderStatus } from './OrderStatus.tsx';

export function Orders({ organizationId }: { organizationId: string }) {
  const { t, date, instant, money } = useI18n();
  const zone = useTimeZone(organizationId);
  const orders = useLoad(() => api.get('/v1/organizations/{organizationId}/orders', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  return (
    <Page title={t('orders.title')}>
      <LoadState loaded={orders}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('orders.none')}</p>
          ) : (
            <Table label={t('orders.title')} columns={[t('orders.column.number'), t('orders.column.placed'), t('orders.column.status'), t('orders.column.method'), t('orders.column.total'), t('orders.column.due')]}>
              {data.map((order) => (
                <tr key={order.id}>
                  <th scope="row"><Link to={`/o/${organizationId}/orders/${order.id}`}><code>{order.number}</code></Link></th>
                  <td>{instant(order.createdAt, zone)}</td>
                  <td><OrderStatus order={order} /></td>
                  <td>{t(`payment.${order.paymentMethod}`)}</td>
                  <td>{money(order.total)}</td>
                  <td>{order.status === 'pending_payment' ? date(order.dueDate) : '—'}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </LoadState>
    </Page>
  );
}
