// The caller's language from Accept-Language: Japanese or English, by the caller's own
// preference order and q-values; English when neither is asked for.
import type { Language } from '../errors/catalog.ts';

export const SUPPORTED_LANGUAGES: readonly Language[] = ['ja', 'en'];

export function negotiateLanguage(header: string | undefined): Language {
  if (!header) return 'en';
  let best: { language: Language; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const language = SUPPORTED_LANGUAGES.find((l) => l === primary);
    // The first of equal q-values wins: the caller listed it first.
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}
