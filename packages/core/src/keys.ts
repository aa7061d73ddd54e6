// Product keys: generation, input normalization and checking (SPEC section 2). Pure and free of
// Node-only APIs, so the portal and client SDK can check keys offline before any request.

export { KEY_ALPHABET } from './keys/alphabet.ts';
export { generateKey } from './keys/generate.ts';
export type { RandomSource } from './keys/generate.ts';
export { normalizeKeyInput } from './keys/normalize.ts';
export { parseKey } from './keys/parse.ts';
export type { KeyProblem, KeyProblemCode, ParseKeyResult } from './keys/parse.ts';
export { formatKey, keyLast5 } from './keys/format.ts';
