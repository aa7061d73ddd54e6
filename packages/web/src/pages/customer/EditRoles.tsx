// Changing an existing member's roles: the roles they hold are ticked, the person changing them
// may tick only the roles they may grant (a user admin: member, user admin, license admin; a
// global admin: all), and the API has the last word (an organization keeps one global admin).
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Member, Role } from '../../api/types.ts';
import { toggled, useAction } from '../../components/hooks.ts';
import { ErrorMessage } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { grantableRoles } from './AddMember.tsx';

const CUSTOMER_ROLES: readonly Role[] = ['global_admin', 'billing_admin', 'license_admin', 'user_admin', 'member'];

export function EditRoles({ organizationId, member, grantorIsGlobalAdmin, onSaved, onCancel }: { organizationId: string; member: Member; grantorIsGlobalAdmin: boolean; onSaved(next: Member): void; onCancel(): void }) {
  const { t } = useI18n();
  const grantable = grantableRoles(grantorIsGlobalAdmin);
  const [roles, setRoles] = useState<ReadonlySet<Role>>(new Set(member.roles));
  const save = useAction(async () => {
    onSaved(await api.put('/v1/organizations/{organizationId}/members/{userId}/roles', { path: { organizationId, userId: member.userId }, body: { roles: CUSTOMER_ROLES.filter((r) => roles.has(r)) } }));
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run();
  };
  const title = t('users.roles.title', { name: member.name });
  return (
    <form onSubmit={submit} className="card stack" aria-label={title}>
      <h2>{title}</h2>
      <fieldset>
        <legend>{t('users.column.roles')}</legend>
        <div className="choices-grid">
          {CUSTOMER_ROLES.map((role) => (
            <div className="choice" key={role}>
              <input type="checkbox" id={`edit-role-${role}`} checked={roles.has(role)} disabled={!grantable.includes(role)} onChange={(e) => setRoles(toggled(roles, role, e.target.checked))} />
              <label htmlFor={`edit-role-${role}`}>{t(`role.${role}`)}</label>
            </div>
          ))}
        </div>
        {!grantorIsGlobalAdmin && <p className="hint">{t('users.roles.userAdminHint')}</p>}
      </fieldset>
      <ErrorMessage error={save.error} />
      <div className="actions">
        <button type="submit" disabled={save.busy || roles.size === 0}>{t('users.roles.save')}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t('form.cancel')}</button>
      </div>
    </form>
  );
}
