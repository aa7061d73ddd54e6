// Turns whatever a person typed or pasted into the bare 25 characters (if they are there).

// Characters that carry no information in a key and are removed. Separators: people type the
// groups with whatever dash their keyboard or IME produces, or with spaces, or with nothing.
// - \s: all Unicode white space, including the ideographic space U+3000 and the BOM U+FEFF.
// - \p{Pd}: every dash punctuation: - ‐ ‑ ‒ – — ― ﹣ － ⸺ and more.
// - U+2212 MINUS SIGN: a math symbol, not punctuation, but looks identical to a dash.
// - U+30FC ー and U+FF70 ｰ (katakana prolonged sound mark): Japanese IMEs produce it for the
//   dash key in kana mode. NFKC maps the half-width form to ー already; listed for clarity.
// - Invisible characters that copying from web pages and PDFs drags along: soft hyphen,
//   zero-width space/non-joiner/joiner, word joiner. Dropping them beats reporting a "bad
//   character" the user cannot see.
const IGNORED = /[\s\p{Pd}\u2212\u30FC\uFF70\u00AD\u200B-\u200D\u2060]/gu;

/**
 * Normalizes key input: Unicode NFKC (full-width `ＡＢＣ－１２` from IMEs becomes `ABC-12`),
 * upper case, then drops white space and every dash-like character.
 */
export function normalizeKeyInput(input: string): string {
  // NFKC first: it is what turns full-width letters into ASCII ones and compatibility dashes
  // (﹣, －) into characters IGNORED recognizes. Upper-casing is locale-independent in JS.
  return input.normalize('NFKC').toUpperCase().replace(IGNORED, '');
}
