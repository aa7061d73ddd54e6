// What is wrong with a typed key, in words: the same for redeeming and for the support desk.
import type { ParseKeyResult } from '@licentia/core/keys';
import type { I18n } from '../i18n/I18n.tsx';
import { cardPosition } from './key-lines.ts';

export function describeKeyProblem(result: ParseKeyResult, t: I18n['t']): string | undefined {
  if (result.ok) return undefined;
  if (result.code === 'WRONG_LENGTH') return t('redeem.keys.wrongLength', { length: result.length });
  if (result.code === 'CHECK_FAILED') return t('redeem.keys.checkFailed');
  return result.positions.map((position, i) => t('redeem.keys.badCharacter', { ...cardPosition(position), character: result.characters[i]! })).join(' ');
}
