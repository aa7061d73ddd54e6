// Delegated administration relationships as either side sees them: the other party, the roles,
// the status (and why it ended), the term, and ending one (declining or withdrawing an offer,
// terminating an active relationship) after asking.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Delegation } from '../../api/types.ts';
import { useAction } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, Notice, Table } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function DelegationStatus({ delegation }: { delegation: Pick<Delegation, 'status' | 'endReason'> }) {
  const { t } = useI18n();
  const badge = { offered: 'badge-expired', active: 'badge-active', ended: 'badge-disabled' }[delegation.status];
  return (
    <>
      <span className={`badge ${badge}`}>{t(`delegation.status.${delegation.status}`)}</span>
      {delegation.endReason && <span className="small"> ({t(`delegation.endReason.${delegation.endReason}`)})</span>}
    </>
  );
}

export function DelegationTerm({ delegation }: { delegation: Delegation }) {
  const { t, date, instant } = useI18n();
  const zone = delegation.customer.timeZone;
  if (delegation.status === 'offered') return <>{t('delegation.acceptBy', { date: date(delegation.acceptBy), days: delegation.durationDays })}</>;
  return (
    <>
      {delegation.termStart && delegation.endDate && t('delegation.term', { start: date(delegation.termStart), end: date(delegation.endDate) })}
      {delegation.autoExtend && delegation.status === 'active' && <span className="small"> ({t('delegation.autoExtend')})</span>}
      {delegation.endedAt && <span className="small"> {t('delegation.endedAt', { time: instant(delegation.endedAt, zone) })}</span>}
    </>
  );
}

/** `side`: whose page this is; the other party is named, and ending is theirs to do when `canEnd`. */
export function DelegationTable({ side, organizationId, delegations, canEnd, onEnded }: { side: 'customer' | 'partner'; organizationId: string; delegations: readonly Delegation[]; canEnd: boolean; onEnded(): void }) {
  const { t } = useI18n();
  const [ending, setEnding] = useState<Delegation>();
  const [ended, setEnded] = useState<string>();
  const other = (d: Delegation) => (side === 'customer' ? d.partner.name : d.customer.name);
  const end = useAction(async (delegation: Delegation) => {
    await api.post('/v1/organizations/{organizationId}/delegations/{delegationId}/terminate', { path: { organizationId, delegationId: delegation.id } });
    setEnding(undefined);
    setEnded(t('delegation.ended', { name: other(delegation) }));
    onEnded();
  });
  const endWord = (d: Delegation) => (d.status === 'active' ? t('delegation.end') : side === 'customer' ? t('delegation.decline') : t('delegation.withdraw'));
  const endLabel = (d: Delegation) => t(d.status === 'active' ? 'delegation.endLabel' : side === 'customer' ? 'delegation.declineLabel' : 'delegation.withdrawLabel', { name: other(d) });
  const question = (d: Delegation) => {
    const name = other(d);
    if (d.status === 'active') return t('delegation.endConfirm', { name });
    return side === 'customer' ? t('delegation.declineConfirm', { name }) : t('delegation.withdrawConfirm', { name });
  };

  if (delegations.length === 0) return <p>{t('delegation.none')}</p>;
  return (
    <>
      <Table label={t('customerDelegations.title')} columns={[side === 'customer' ? t('delegation.column.partner') : t('delegation.column.customer'), t('delegation.column.roles'), t('delegation.column.status'), t('delegation.column.term'), canEnd && { hidden: t('table.actions') }]}>
        {delegations.map((d) => (
          <tr key={d.id}>
            <th scope="row">{other(d)}{side === 'customer' && <span className="small muted"> ({d.partner.partnerId})</span>}</th>
            <td>{d.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
            <td><DelegationStatus delegation={d} /></td>
            <td><DelegationTerm delegation={d} /></td>
            {canEnd && (
              <td>
                {d.status !== 'ended' && (
                  <button type="button" className="link-button" aria-label={endLabel(d)} onClick={() => { setEnded(undefined); setEnding(d); }}>{endWord(d)}</button>
                )}
              </td>
            )}
          </tr>
        ))}
      </Table>
      {ending && (
        <ConfirmPanel label={endLabel(ending)} question={question(ending)} confirm={endWord(ending).replace('…', '')} busy={end.busy} onConfirm={() => void end.run(ending)} onCancel={() => setEnding(undefined)} />
      )}
      <ErrorMessage error={end.error} />
      {ended && <Notice>{ended}</Notice>}
    </>
  );
}
