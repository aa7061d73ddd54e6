// Which language the portal speaks: the one the person chose here (remembered in this browser),
// else Japanese when the browser asks for Japanese before English, else English.
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { ja: '日本語', en: 'English' };

/** BCP 47 tags for Intl: dates, numbers and money are formatted the way each market reads them. */
export const LOCALE_OF: Record<Language, string> = { ja: 'ja-JP', en: 'en-US' };

export function isLanguage(value: unknown): value is Language {
  return value === 'ja' || value === 'en';
}

/** The first of the browser's languages that the portal speaks, by primary subtag; else English. */
export function preferredLanguage(browserLanguages: readonly string[], chosen: string | null): Language {
  if (isLanguage(chosen)) return chosen;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}
