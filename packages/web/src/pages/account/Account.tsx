// A person's own settings: which mail they receive (reminders may be turned off, marketing is
// opt-in, transactional mail always goes) and their password.
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { NotificationPreferences } from '../../api/types.ts';
import { useAction, useLoad } from '../../components/hooks.ts';
import { ErrorMessage, LoadState, Notice, Page, TextField } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

function Preferences({ initial }: { initial: NotificationPreferences }) {
  const { t } = useI18n();
  const [reminders, setReminders] = useState(initial.reminders);
  const [marketing, setMarketing] = useState(initial.marketing);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    await api.put('/v1/me/notification-preferences', { body: { reminders, marketing } });
    setSaved(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void save.run();
  };
  return (
    <form onSubmit={submit} className="stack">
      <fieldset>
        <legend>{t('account.notifications')}</legend>
        <div className="choice">
          <input type="checkbox" id="pref-reminders" checked={reminders} onChange={(e) => setReminders(e.target.checked)} />
          <label htmlFor="pref-reminders">{t('account.reminders')}</label>
        </div>
        <div className="choice">
          <input type="checkbox" id="pref-marketing" checked={marketing} onChange={(e) => setMarketing(e.target.checked)} />
          <label htmlFor="pref-marketing">{t('account.marketing')}</label>
        </div>
        <p className="hint">{t('account.transactional')}</p>
      </fieldset>
      <ErrorMessage error={save.error} />
      {saved && <Notice>{t('form.saved')}</Notice>}
      <div><button type="submit" disabled={save.busy}>{t('form.save')}</button></div>
    </form>
  );
}

function PasswordChange() {
  const { t } = useI18n();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [changed, setChanged] = useState(false);
  const change = useAction(async () => {
    await api.post('/v1/me/password', { body: { currentPassword, newPassword } });
    setCurrent('');
    setNew('');
    setChanged(true);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    void change.run();
  };
  return (
    <form onSubmit={submit} className="stack narrow">
      <TextField label={t('account.currentPassword')} type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
      <TextField label={t('account.newPassword')} hint={t('account.newPasswordHint')} type="password" autoComplete="new-password" required minLength={10} value={newPassword} onChange={(e) => setNew(e.target.value)} />
      <ErrorMessage error={change.error} />
      {changed && <Notice>{t('account.passwordChanged')}</Notice>}
      <div><button type="submit" disabled={change.busy}>{t('account.password')}</button></div>
    </form>
  );
}

export function Account() {
  const { t } = useI18n();
  const preferences = useLoad(() => api.get('/v1/me/notification-preferences'), []);
  return (
    <Page title={t('account.title')}>
      <section aria-labelledby="notifications-heading" className="card">
        <h2 id="notifications-heading">{t('account.notifications')}</h2>
        <LoadState loaded={preferences}>{(initial) => <Preferences initial={initial} />}</LoadState>
      </section>
      <section aria-labelledby="password-heading" className="card">
        <h2 id="password-heading">{t('account.password')}</h2>
        <PasswordChange />
      </section>
    </Page>
  );
}
