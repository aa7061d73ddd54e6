// An order's status as a badge, with why it was cancelled.
import type { Order } from '../../api/types.ts';
import { useI18n } from '../../i18n/I18n.tsx';

const BADGE = { pending_payment: 'badge-expired', paid: 'badge-active', cancelled: 'badge-cancelled' } as const;

export function OrderStatus({ order }: { order: Pick<Order, 'status' | 'cancelReason'> }) {
  const { t } = useI18n();
  return (
    <>
      <span className={`badge ${BADGE[order.status]}`}>{t(`orderStatus.${order.status}`)}</span>
      {order.cancelReason && <span className="small"> ({t(`cancelReason.${order.cancelReason}`)})</span>}
    </>
  );
}
