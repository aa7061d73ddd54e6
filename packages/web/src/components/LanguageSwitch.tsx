import { useI18n } from '../i18n/I18n.tsx';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../i18n/language.ts';

/** 日本語 / English, each named in its own language. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className={`inline-field ${className ?? ''}`}>
      <label htmlFor="language-switch">{t('app.language')}</label>
      <select id="language-switch" value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>
        ))}
      </select>
    </div>
  );
}
