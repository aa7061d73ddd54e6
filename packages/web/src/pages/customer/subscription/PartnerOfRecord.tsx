// The subscription's partner of record (SPEC §7): the reseller that sees it, gets its renewal
// reminders and may renew it. The customer's own global and billing admins name one by its
// partner ID (checked offline as it is typed, with core's check digit, then looked up so the
// name can be confirmed before anything changes) or remove it.
import { useMemo, useState, type FormEvent } from 'react';
import { parsePartnerId } from '@licentia/core/partners/partner-id';
import { api } from '../../../api/client.ts';
import type { PartnerOfRecord as Current, Subscription } from '../../../api/types.ts';
import { useAction, useLoad } from '../../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, TextField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';

type Found = Awaited<ReturnType<typeof lookUp>>;
const lookUp = (partnerId: string) => api.get('/v1/partners/{partnerId}', { path: { partnerId } });

export function PartnerOfRecord({ subscription, canChange }: { subscription: Subscription; canChange: boolean }) {
  const { t } = useI18n();
  const path = { organizationId: subscription.organizationId, subscriptionId: subscription.id };
  const current = useLoad(() => api.get('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/partner-of-record', { path }), [subscription.id]);
  const [input, setInput] = useState('');
  const [found, setFound] = useState<Found>();
  const [removing, setRemoving] = useState(false);
  const [notice, setNotice] = useState<string>();
  const parsed = useMemo(() => parsePartnerId(input), [input]);
  const offlineProblem = input.trim() && !parsed.ok ? t(`partnerId.${parsed.problem}`, { length: parsed.length }) : undefined;

  const find = useAction(async (partnerId: string) => {
    setNotice(undefined);
    setFound(await lookUp(partnerId));
  });
  const name = useAction(async (partner: Found) => {
    await api.put('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/partner-of-record', { path, body: { partnerId: partner.partnerId } });
    setFound(undefined);
    setInput('');
    setNotice(t('por.named', { name: partner.name }));
    current.reload();
  });
  const remove = useAction(async (partner: NonNullable<Current['partner']>) => {
    await api.delete('/v1/organizations/{organizationId}/subscriptions/{subscriptionId}/partner-of-record', { path });
    setRemoving(false);
    setNotice(t('por.removed', { name: partner.name }));
    current.reload();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (parsed.ok) void find.run(parsed.formatted);
  };

  return (
    <section aria-labelledby="por-heading" className="card">
      <h2 id="por-heading">{t('por.title')}</h2>
      <p className="hint">{t('por.text')}</p>
      <LoadState loaded={current}>
        {({ partner }) => (
          <>
            <p>{partner ? t('por.current', { name: partner.name, partnerId: partner.partnerId, country: partner.country }) : t('por.none')}</p>
            {canChange && partner && (
              removing ? (
                <ConfirmPanel label={t('por.remove')} question={t('por.removeConfirm', { name: partner.name })} confirm={t('por.remove')} busy={remove.busy} onConfirm={() => void remove.run(partner)} onCancel={() => setRemoving(false)} />
              ) : (
                <button type="button" className="secondary" onClick={() => setRemoving(true)}>{t('por.remove')}</button>
              )
            )}
          </>
        )}
      </LoadState>
      {canChange && (
        <form onSubmit={submit} className="stack narrow">
          <TextField label={t('por.partnerId')} hint={t('por.partnerIdHint')} inputMode="numeric" autoComplete="off" spellCheck={false} value={input} error={offlineProblem} onChange={(e) => { setInput(e.target.value); setFound(undefined); }} />
          <div><button type="submit" className="secondary" disabled={!parsed.ok || find.busy}>{t('por.lookUp')}</button></div>
        </form>
      )}
      <ErrorMessage error={find.error ?? name.error ?? remove.error} />
      {found && (
        <div className="stack" role="group" aria-label={t('por.found')}>
          <p role="status">{t('por.foundText', { name: found.name, partnerId: found.partnerId, country: found.country })}</p>
          <div><button type="button" disabled={name.busy} onClick={() => void name.run(found)}>{t('por.name', { name: found.name })}</button></div>
        </div>
      )}
      {notice && <Notice>{notice}</Notice>}
    </section>
  );
}
