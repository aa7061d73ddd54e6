// Test support only (not exported from keys.ts): a seeded, reproducible random source, so the
// exhaustive tests run over the same keys every time and any failure can be replayed.

import type { RandomSource } from './generate.ts';

/** xorshift32: not cryptographic, just deterministic and well spread. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0 || 1;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      bytes[i] = state >>> 24;
    }
  };
}

/** A source that returns the given bytes in order, cycling, e.g. to exercise rejection sampling. */
export function replayRandom(sequence: readonly number[]): RandomSource {
  let next = 0;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = sequence[next % sequence.length] ?? 0;
      next++;
    }
  };
}
