// The organization's API tokens, for its own integrations: the list (name, the first characters,
// roles, expiry, revoked or not), a new one made with some of the person's own roles (its secret
// shown once, there and then), and revoking one, at once for every process. Tokens are made by
// the organization's own administrators only, never through delegated administration (a token
// would outlive the relationship); revoking and reading are open to a partner acting with the role.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { ApiToken, Role } from '../../api/types.ts';
import { useOrganizations } from '../../app/session.tsx';
import { useTimeZone } from '../../app/time-zone.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ConfirmPanel, ErrorMessage, LoadState, Notice, Page, SecretShownOnce, SelectField, Table, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

/** Lifetimes offered, in days (0: until revoked); the server counts them from its own clock. */
const LIFETIMES = [0, 30, 90, 365] as const;

export function ApiTokens({ organizationId }: { organizationId: string }) {
  const { t, instant } = useI18n();
  const timeZone = useTimeZone(organizationId);
  const organization = useOrganizations().find((o) => o.id === organizationId);
  const tokens = useLoad(() => api.get('/v1/organizations/{organizationId}/api-tokens', { path: { organizationId }, query: { limit: 200 } }), [organizationId]);
  const [revoking, setRevoking] = useState<ApiToken>();
  const [done, setDone] = useState<string>();
  const revoke = useAction(async (token: ApiToken) => {
    await api.delete('/v1/organizations/{organizationId}/api-tokens/{tokenId}', { path: { organizationId, tokenId: token.id } });
    setRevoking(undefined);
    setDone(t('tokens.revoked', { name: token.name }));
    tokens.reload();
  });

  return (
    <Page title={t('tokens.title')}>
      <p>{t('tokens.intro')}</p>
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={revoke.error} />
      <LoadState loaded={tokens}>
        {({ data }) =>
          data.length === 0 ? (
            <p>{t('tokens.none')}</p>
          ) : (
            <Table label={t('tokens.title')} columns={[t('tokens.column.name'), t('tokens.column.prefix'), t('tokens.column.roles'), t('tokens.column.created'), t('tokens.column.expires'), { hidden: t('table.actions') }]}>
              {data.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td><code>{token.displayPrefix}…</code></td>
                  <td>{token.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>{instant(token.createdAt, timeZone)}</td>
                  <td>{token.revokedAt ? t('tokens.revokedOn', { when: instant(token.revokedAt, timeZone) }) : token.expiresAt ? instant(token.expiresAt, timeZone) : t('tokens.never')}</td>
                  <td>
                    {!token.revokedAt && (
                      <button type="button" className="link-button" aria-label={t('tokens.revokeLabel', { name: token.name })} onClick={() => { setDone(undefined); setRevoking(token); }}>
                        {t('tokens.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          )
        }
      </LoadState>
      {revoking && (
        <ConfirmPanel
          label={t('tokens.revokeLabel', { name: revoking.name })}
          question={t('tokens.revokeConfirm', { name: revoking.name })}
          confirm={t('tokens.revoke')}
          busy={revoke.busy}
          onConfirm={() => void revoke.run(revoking)}
          onCancel={() => setRevoking(undefined)}
        />
      )}
      {organization && !organization.onBehalf ? (
        <NewToken organizationId={organizationId} ownRoles={organization.roles} onCreated={() => { setDone(undefined); tokens.reload(); }} />
      ) : (
        <p className="hint">{t('tokens.notDelegated')}</p>
      )}
    </Page>
  );
}

function NewToken({ organizationId, ownRoles, onCreated }: { organizationId: string; ownRoles: readonly Role[]; onCreated(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<ReadonlySet<Role>>(new Set());
  const [lifetime, setLifetime] = useState<(typeof LIFETIMES)[number]>(90);
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const create = useAction(async () => {
    const result = await api.post('/v1/organizations/{organizationId}/api-tokens', {
      path: { organizationId },
      body: { name, roles: [...roles], ...(lifetime === 0 ? {} : { expiresInDays: lifetime }) },
    });
    setCreated({ name: result.apiToken.name, token: result.token });
    setName('');
    setRoles(new Set());
    onCreated();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    void create.run();
  };
  const toggle = (role: Role, on: boolean) => setRoles((current) => {
    const next = new Set(current);
    if (on) next.add(role);
    else next.delete(role);
    return next;
  });
  return (
    <section aria-labelledby="new-token-heading" className="card">
      <h2 id="new-token-heading">{t('tokens.new.title')}</h2>
      <form onSubmit={submit} className="stack narrow">
        <TextField label={t('tokens.new.name')} hint={t('tokens.new.nameHint')} required maxLength={100} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset>
          <legend>{t('tokens.new.roles')}</legend>
          <div className="choices-grid">
            {ownRoles.map((role) => (
              <div className="choice" key={role}>
                <input type="checkbox" id={`token-role-${role}`} checked={roles.has(role)} onChange={(e) => toggle(role, e.target.checked)} />
                <label htmlFor={`token-role-${role}`}>{t(`role.${role}`)}</label>
              </div>
            ))}
          </div>
          <p className="hint">{t('tokens.new.rolesHint')}</p>
        </fieldset>
        <SelectField label={t('tokens.new.lifetime')} value={lifetime} onChange={(e) => setLifetime(Number(e.target.value) as (typeof LIFETIMES)[number])}>
          {LIFETIMES.map((days) => (
            <option key={days} value={days}>{days === 0 ? t('tokens.new.untilRevoked') : t('tokens.new.days', { days })}</option>
          ))}
        </SelectField>
        <ErrorMessage error={create.error} />
        <div><button type="submit" disabled={create.busy || roles.size === 0}>{t('tokens.new.submit')}</button></div>
      </form>
      {created && <SecretShownOnce lead={t('tokens.new.created', { name: created.name })} secret={created.token} note={t('tokens.new.once')} />}
    </section>
  );
}
