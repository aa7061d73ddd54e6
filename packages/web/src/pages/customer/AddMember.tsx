// Adding a member with a role. A user admin may grant member, user admin and license admin; the
// organization's global admin any customer role (the API decides; the list only spares a refusal).
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { useAction } from '../../components/hooks.ts';
import { ErrorMessage, Notice, SelectField, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

const ANY_ADMIN_GRANTS: readonly Role[] = ['member', 'license_admin', 'user_admin'];
const GLOBAL_ADMIN_GRANTS: readonly Role[] = [...ANY_ADMIN_GRANTS, 'billing_admin', 'global_admin'];

/** The customer roles a person may grant here: all of them for a global admin, else a user admin's. */
export function grantableRoles(grantorIsGlobalAdmin: boolean): readonly Role[] {
  return grantorIsGlobalAdmin ? GLOBAL_ADMIN_GRANTS : ANY_ADMIN_GRANTS;
}

export function AddMember({ organizationId, grantorIsGlobalAdmin, onAdded }: { organizationId: string; grantorIsGlobalAdmin: boolean; onAdded(): void }) {
  const { t, language } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [added, setAdded] = useState<{ name: string; initialPassword?: string }>();
  const add = useAction(async () => {
    const result = await api.post('/v1/organizations/{organizationId}/members', { path: { organizationId }, body: { email, name, roles: [role], locale: language } });
    setAdded({ name: result.member.name, ...(result.initialPassword ? { initialPassword: result.initialPassword } : {}) });
    setEmail('');
    setName('');
    onAdded();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    void add.run();
  };
  return (
    <section aria-labelledby="add-member-heading" className="card">
      <h2 id="add-member-heading">{t('users.add.title')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <TextField label={t('users.add.email')} type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextField label={t('users.add.name')} required maxLength={200} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        <SelectField label={t('users.add.role')} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {grantableRoles(grantorIsGlobalAdmin).map((r) => (
            <option key={r} value={r}>{t(`role.${r}`)}</option>
          ))}
        </SelectField>
        <ErrorMessage error={add.error} />
        <div><button type="submit" disabled={add.busy}>{t('users.add.submit')}</button></div>
      </form>
      {added && (
        <Notice>
          <p>{t('users.add.added', { name: added.name })}</p>
          {added.initialPassword && <p>{t('users.add.password', { password: added.initialPassword })}</p>}
        </Notice>
      )}
    </section>
  );
}
