import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.tsx';
import { useAction } from '../components/hooks.ts';
import { ErrorMessage, Page, TextField } from '../components/ui.tsx';
import { useI18n } from '../i18n/I18n.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(signIn);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(email, password);
  };
  return (
    <main id="main" className="sign-in">
      <LanguageSwitch className="language-corner" />
      <Page title={t('signIn.title')}>
        <p>{t('signIn.intro')}</p>
        <form onSubmit={submit} className="stack narrow">
          <TextField label={t('signIn.email')} type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <TextField label={t('signIn.password')} type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <ErrorMessage error={action.error} />
          <button type="submit" disabled={action.busy}>{action.busy ? t('form.working') : t('signIn.submit')}</button>
        </form>
      </Page>
    </main>
  );
}
