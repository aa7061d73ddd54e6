// A page's messages in both languages: the Japanese object must have every English key.
export function defineMessages<const E extends Record<string, string>>(en: E, ja: { [K in keyof E]: string }) {
  return { en, ja };
}
