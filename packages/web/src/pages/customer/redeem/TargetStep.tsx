// Step 2: where the keys go. An existing organization of the person's (only its global or
// billing administrators may redeem into it, which the server decides at review), or a new
// one in a country where every plan of the list is sold.
import { useState, type FormEvent } from 'react';
import { api, type BodyOf } from '../../../api/client.ts';
import type { Cart } from '../../../api/types.ts';
import { useMe, type PortalOrganization } from '../../../app/session.tsx';
import { useLoad } from '../../../components/hooks.ts';
import { SelectField, TextField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/I18n.tsx';

export type Target = BodyOf<'/v1/redemption-carts/{cartId}/review', 'post'>['target'];
type Segment = Cart['items'][number]['plan']['segments'][number];

const REDEEMING_ROLES = ['global_admin', 'billing_admin'] as const;

/** What every plan of the list allows: a country or segment must suit them all. */
function common<T>(lists: readonly (readonly T[])[]): T[] {
  const [first = [], ...rest] = lists;
  return first.filter((value) => rest.every((list) => list.includes(value)));
}

interface Props {
  cart: Cart;
  /** The organizations the keys may go to (a simulation's sandboxes only, for its redemptions). */
  choices: readonly PortalOrganization[];
  /** Whether a new organization may be made (not for a simulation's redemption). */
  allowNew: boolean;
  initial: Target | undefined;
  onBack(): void;
  onNext(target: Target): void;
}

export function TargetStep({ cart, choices, allowNew, initial, onBack, onNext }: Props) {
  const { t, language } = useI18n();
  const me = useMe();
  const countries = useLoad(() => api.get('/v1/countries'), [language]);
  const initialNew = initial && 'newOrganization' in initial ? initial.newOrganization : undefined;
  const [choice, setChoice] = useState<string>(initial && 'organizationId' in initial ? initial.organizationId : initialNew || !choices[0] ? 'new' : choices[0].id);
  const sold = common(cart.items.map((item) => item.plan.countries));
  const segments = common(cart.items.map((item) => item.plan.segments));
  const [country, setCountry] = useState(initialNew?.country ?? (sold.includes('JP') ? 'JP' : (sold[0] ?? '')));
  const [name, setName] = useState(initialNew?.name ?? '');
  const [segment, setSegment] = useState<Segment | ''>(initialNew?.segment ?? (segments.includes('commercial') ? 'commercial' : (segments[0] ?? '')));
  const [adminName, setAdminName] = useState(initialNew?.administrator.name ?? me.user?.name ?? '');
  const [adminEmail, setAdminEmail] = useState(initialNew?.administrator.email ?? me.user?.email ?? '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice !== 'new') return onNext({ organizationId: choice });
    onNext({
      newOrganization: { country, name: name.trim(), ...(segment ? { segment } : {}), administrator: { name: adminName.trim(), email: adminEmail.trim() } },
    });
  };
  const countryName = (code: string) => countries.data?.data.find((c) => c.code === code)?.name ?? code;

  return (
    <section aria-labelledby="target-heading">
      <h2 id="target-heading" tabIndex={-1}>{t('redeem.step.target')}</h2>
      <form onSubmit={submit} className="stack">
        <fieldset>
          <legend>{t('redeem.target.legend')}</legend>
          {choices.map((organization) => {
            const allowed = organization.effectiveRoles.some((role) => (REDEEMING_ROLES as readonly string[]).includes(role));
            return (
              <div key={organization.id} className="choice">
                <input type="radio" id={`target-${organization.id}`} name="target" value={organization.id} checked={choice === organization.id} onChange={() => setChoice(organization.id)} aria-describedby={allowed ? undefined : `target-${organization.id}-note`} />
                <label htmlFor={`target-${organization.id}`}>{organization.name}</label>
                {!allowed && <p id={`target-${organization.id}-note`} className="hint">{t('redeem.target.roleNote')}</p>}
              </div>
            );
          })}
          {allowNew && (
            <div className="choice">
              <input type="radio" id="target-new" name="target" value="new" checked={choice === 'new'} onChange={() => setChoice('new')} aria-describedby="target-new-hint" />
              <label htmlFor="target-new">{t('redeem.target.new')}</label>
              <p id="target-new-hint" className="hint">{t('redeem.target.newHint')}</p>
            </div>
          )}
        </fieldset>

        {choice === 'new' && (
          <div className="stack">
            {sold.length === 0 ? (
              <p role="alert" className="message message-error">{t('redeem.new.noCountry')}</p>
            ) : (
              <SelectField label={t('redeem.new.country')} hint={t('redeem.new.countryHint')} required value={country} onChange={(e) => setCountry(e.target.value)}>
                {sold.map((code) => (
                  <option key={code} value={code}>{countryName(code)}</option>
                ))}
              </SelectField>
            )}
            <TextField label={t('redeem.new.name')} required maxLength={200} autoComplete="organization" value={name} onChange={(e) => setName(e.target.value)} />
            {segments.length > 0 && (
              <SelectField label={t('redeem.new.segment')} value={segment} onChange={(e) => setSegment(e.target.value as Segment)}>
                {segments.map((s) => (
                  <option key={s} value={s}>{t(`segment.${s}`)}</option>
                ))}
              </SelectField>
            )}
            <TextField label={t('redeem.new.adminName')} required maxLength={200} autoComplete="name" value={adminName} onChange={(e) => setAdminName(e.target.value)} />
            <TextField label={t('redeem.new.adminEmail')} hint={t('redeem.new.adminHint')} type="email" required maxLength={254} autoComplete="email" value={adminEmail} onChange={(e) => setAdminEmail(e.target.value)} />
          </div>
        )}
        <div className="actions">
          <button type="button" className="secondary" onClick={onBack}>{t('form.back')}</button>
          <button type="submit" disabled={choice === 'new' && sold.length === 0}>{t('redeem.review.button')}</button>
        </div>
      </form>
    </section>
  );
}
