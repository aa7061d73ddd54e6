// Accepting an offer of delegated administration, from the link in the offer mail (its token is
// in the query). The page says exactly what accepting gives: the partner, the roles and what
// each allows, how long, whether it extends itself, and that every action is recorded; only an
// explicit confirmation sends it. Once accepted, the token leaves the address bar.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Delegation } from '../../api/types.ts';
import { Link, useRouter } from '../../app/router.tsx';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Notice, Page } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { DelegationStatus } from './DelegationTable.tsx';

export function AcceptDelegation({ organizationId, delegationId }: { organizationId: string; delegationId: string }) {
  const { t } = useI18n();
  const { search } = useRouter();
  // Read once: the address bar loses it after acceptance.
  const [token] = useState(() => search.get('token'));
  const loaded = useLoad(() => api.get('/v1/organizations/{organizationId}/delegations/{delegationId}', { path: { organizationId, delegationId } }), [organizationId, delegationId]);
  const back = <Link to={`/o/${organizationId}/delegations`}>{t('accept.back')}</Link>;
  return (
    <Page title={t('accept.title')} actions={back}>
      {!token ? <p>{t('accept.noToken')}</p> : <LoadState loaded={loaded}>{(offer) => <Offer offer={offer} token={token} />}</LoadState>}
    </Page>
  );
}

function Offer({ offer, token }: { offer: Delegation; token: string }) {
  const { t, date, instant } = useI18n();
  const { path, navigate } = useRouter();
  const [agreed, setAgreed] = useState(false);
  const [accepted, setAccepted] = useState<Delegation>();
  const accept = useAction(async () => {
    const result = await api.post('/v1/organizations/{organizationId}/delegations/{delegationId}/accept', { path: { organizationId: offer.customer.organizationId, delegationId: offer.id }, body: { token } });
    setAccepted(result);
    navigate(path, { replace: true });
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (agreed) void accept.run();
  };
  const partner = offer.partner.name;

  if (accepted) {
    return (
      <Notice>
        <p>
          {accepted.autoExtend || !accepted.endsAt
            ? t('accept.acceptedAutoExtend', { partner })
            : t('accept.accepted', { partner, end: instant(accepted.endsAt, accepted.customer.timeZone) })}
        </p>
      </Notice>
    );
  }
  return (
    <div className="stack">
      <p className="emphasis">{t('accept.from', { partner, partnerId: offer.partner.partnerId, customer: offer.customer.name })}</p>
      {offer.status !== 'offered' ? (
        <p>{t('accept.notOffered')} <DelegationStatus delegation={offer} /></p>
      ) : (
        <form onSubmit={submit} className="stack">
          <section aria-labelledby="accept-roles-heading" className="card">
            <h2 id="accept-roles-heading">{t('accept.roles')}</h2>
            <ul>
              {offer.roles.map((role) => <li key={role}>{t(`delegation.role.${role}`)}</li>)}
            </ul>
            <p>{t('accept.duration', { days: offer.durationDays, zone: offer.customer.timeZone })}</p>
            <p>{offer.autoExtend ? t('accept.autoExtend') : t('accept.noAutoExtend')}</p>
            <p>{t('accept.deadline', { date: date(offer.acceptBy) })}</p>
            <p className="hint">{t('accept.audit')}</p>
          </section>
          <div className="choice">
            <input type="checkbox" id="accept-confirm" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
            <label htmlFor="accept-confirm">{t('accept.confirm', { partner })}</label>
          </div>
          <ErrorMessage error={accept.error} />
          <div><button type="submit" disabled={!agreed || accept.busy}>{t('accept.submit')}</button></div>
        </form>
      )}
    </div>
  );
}
