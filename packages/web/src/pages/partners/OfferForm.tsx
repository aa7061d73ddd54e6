// A partner admin's offer of delegated administration: the customer (by the organization ID its
// administrator gave), the roles asked for (each said in words), the duration, and the optional
// 180-day auto-extension, which the form explains and refuses with the global admin role (core's
// own rule, which the server applies again).
import { useState, type FormEvent } from 'react';
import { DELEGABLE_ROLES, DELEGATION_MAX_DAYS, DELEGATION_MIN_DAYS, delegationOfferProblems, type DelegableRole } from '@licentia/core/partners/delegation';
import { api } from '../../api/client.ts';
import { toggled, useAction } from '../../components/hooks.ts';
import { ErrorMessage, Notice, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

export function OfferForm({ partnerOrganizationId, onOffered }: { partnerOrganizationId: string; onOffered(): void }) {
  const { t, date } = useI18n();
  const [customer, setCustomer] = useState('');
  const [roles, setRoles] = useState<ReadonlySet<DelegableRole>>(new Set(['billing_admin']));
  const [days, setDays] = useState('90');
  const [autoExtend, setAutoExtend] = useState(false);
  const [sent, setSent] = useState<string>();
  const withGlobalAdmin = roles.has('global_admin');
  const offer = { roles: DELEGABLE_ROLES.filter((r) => roles.has(r)), durationDays: Number(days), autoExtend: autoExtend && !withGlobalAdmin };
  const problems = delegationOfferProblems(offer);

  const send = useAction(async () => {
    const made = await api.post('/v1/organizations/{organizationId}/delegations', { path: { organizationId: partnerOrganizationId }, body: { customerOrganizationId: customer.trim(), ...offer } });
    setSent(t('offer.sent', { customer: made.customer.name, date: date(made.acceptBy) }));
    setCustomer('');
    onOffered();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(undefined);
    if (problems.length === 0 && customer.trim()) void send.run();
  };

  return (
    <section aria-labelledby="offer-heading" className="card">
      <h2 id="offer-heading">{t('offer.title')}</h2>
      <form onSubmit={submit} className="stack">
        <div className="narrow">
          <TextField label={t('offer.customer')} hint={t('offer.customerHint')} required maxLength={64} autoComplete="off" spellCheck={false} value={customer} onChange={(e) => setCustomer(e.target.value)} />
        </div>
        <fieldset aria-describedby="offer-roles-hint">
          <legend>{t('offer.roles')}</legend>
          <p id="offer-roles-hint" className="hint">{t('offer.rolesHint')}</p>
          {DELEGABLE_ROLES.map((role) => (
            <div className="choice" key={role}>
              <input type="checkbox" id={`offer-role-${role}`} checked={roles.has(role)} onChange={(e) => setRoles(toggled(roles, role, e.target.checked))} />
              <label htmlFor={`offer-role-${role}`}>{t(`delegation.role.${role}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="narrow">
          <TextField
            label={t('offer.duration')}
            hint={t('offer.durationHint')}
            type="number"
            inputMode="numeric"
            min={DELEGATION_MIN_DAYS}
            max={DELEGATION_MAX_DAYS}
            step={1}
            required
            value={days}
            error={problems.includes('DURATION_OUT_OF_RANGE') && days !== '' ? t('offer.problem.DURATION_OUT_OF_RANGE') : undefined}
            onChange={(e) => setDays(e.target.value)}
          />
        </div>
        <div className="choice">
          <input type="checkbox" id="offer-auto-extend" checked={autoExtend && !withGlobalAdmin} disabled={withGlobalAdmin} aria-describedby="offer-auto-extend-hint" onChange={(e) => setAutoExtend(e.target.checked)} />
          <label htmlFor="offer-auto-extend">{t('offer.autoExtend')}</label>
          <div id="offer-auto-extend-hint" className="hint">{t('offer.autoExtendGlobal')}</div>
        </div>
        {problems.includes('ROLES_EMPTY') && <p className="field-error">{t('offer.problem.ROLES_EMPTY')}</p>}
        <ErrorMessage error={send.error} />
        <div><button type="submit" disabled={problems.length > 0 || !customer.trim() || send.busy}>{t('offer.submit')}</button></div>
      </form>
      {sent && <Notice>{sent}</Notice>}
    </section>
  );
}
