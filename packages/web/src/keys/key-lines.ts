// Keys as a person types or pastes them, checked offline by core's parseKey (the server's own
// check) before anything is sent: one key per line (or between commas), and the exact place of
// a character that keys never contain, as it appears on the card (group and place in it).
import { normalizeKeyInput, parseKey, type ParseKeyResult } from '@licentia/core/keys';

const KEY_LENGTH = 25;
const GROUP = 5;
/** Between keys: line breaks, commas and semicolons, also as a Japanese IME types them. */
const BETWEEN_KEYS = /[\r\n,;、，；]+/;

export interface KeyLine {
  /** What was typed for this key. */
  input: string;
  /** Its characters after normalization (NFKC, upper case, separators dropped). */
  characters: string[];
  result: ParseKeyResult;
}

/**
 * Splits what was typed into keys and checks each. A piece that normalizes to exactly two or
 * more keys' worth of characters is several keys pasted without a separator between them.
 */
export function checkKeyLines(text: string): KeyLine[] {
  const lines: KeyLine[] = [];
  for (const piece of text.split(BETWEEN_KEYS)) {
    if (piece.trim() === '') continue;
    const characters = Array.from(normalizeKeyInput(piece));
    const pasted = characters.length > KEY_LENGTH && characters.length % KEY_LENGTH === 0;
    if (!pasted) {
      lines.push({ input: piece.trim(), characters, result: parseKey(piece) });
      continue;
    }
    for (let start = 0; start < characters.length; start += KEY_LENGTH) {
      const chunk = characters.slice(start, start + KEY_LENGTH);
      lines.push({ input: chunk.join(''), characters: chunk, result: parseKey(chunk.join('')) });
    }
  }
  return lines;
}

/** A 1-based position in the normalized key, as it reads on the card: group 1–5, place 1–5. */
export function cardPosition(position: number): { group: number; place: number } {
  return { group: Math.ceil(position / GROUP), place: ((position - 1) % GROUP) + 1 };
}

/** The characters in groups of five, each marked when it is one that keys never contain. */
export function groupedCharacters(line: KeyLine): { character: string; bad: boolean }[][] {
  const bad = new Set(line.result.ok || line.result.code !== 'BAD_CHARACTERS' ? [] : line.result.positions);
  const groups: { character: string; bad: boolean }[][] = [];
  line.characters.forEach((character, index) => {
    if (index % GROUP === 0) groups.push([]);
    groups.at(-1)!.push({ character, bad: bad.has(index + 1) });
  });
  return groups;
}

/** The canonical keys among the lines, each once, in order: what is worth asking the server about. */
export function wellFormedKeys(lines: readonly KeyLine[]): string[] {
  return [...new Set(lines.flatMap((line) => (line.result.ok ? [line.result.key] : [])))];
}
