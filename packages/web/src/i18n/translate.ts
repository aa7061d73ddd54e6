// Looking a message up and filling its {placeholders}. Messages are plain strings per language;
// every key exists in both (the message files are typed so that a missing one fails typecheck).
import type { Language } from './language.ts';

export type Vars = Record<string, string | number>;

export function fill(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translator<K extends string>(catalog: Record<Language, Record<K, string>>, language: Language) {
  return (key: K, vars?: Vars): string => fill(catalog[language][key], vars);
}
