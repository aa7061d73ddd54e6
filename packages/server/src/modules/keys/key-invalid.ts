// The details of a KEY_INVALID refusal, the same wherever a key is typed (redemption, lookup,
// activation): `reason` picks the catalogue's sentence that says precisely what is wrong
// (SPEC §2), and the specifics (`positions`, `length`, …) let a portal mark the characters.
import type { KeyProblem } from '@licentia/core/keys';
import { ERROR_CATALOG, fillTemplate, type Language } from '../../errors/catalog.ts';
import type { ErrorDetails } from '../../errors/domain-error.ts';

/** A malformed key as parseKey describes it, or a well-formed one that nobody issued. */
export type KeyInvalidProblem = KeyProblem | { readonly ok?: false; readonly code: 'UNKNOWN' };

export function keyInvalidDetails(problem: KeyInvalidProblem): ErrorDetails {
  const { ok: _ok, code, ...specifics } = problem;
  // `problem` predates `reason` and stays for clients that read it.
  const details: ErrorDetails = { reason: code, problem: code, ...specifics };
  // Each position beside the character found there, "7 (O), 12 (S)", for the sentence.
  if (problem.code === 'BAD_CHARACTERS') details.found = problem.positions.map((p, i) => `${p} (${problem.characters[i]})`).join(', ');
  return details;
}

/** The sentence that says what is wrong, as a sentence of its own (the CLI prints it alone). */
export function describeKeyProblem(problem: KeyInvalidProblem, language: Language): string {
  const reason = ERROR_CATALOG.KEY_INVALID.reasons[problem.code][language];
  const text = fillTemplate(reason, keyInvalidDetails(problem));
  return text.charAt(0).toUpperCase() + text.slice(1);
}
