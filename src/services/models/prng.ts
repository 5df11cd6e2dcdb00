// Seeded pseudo-random numbers for reproducible splits, folds, sampling and estimators (no global Math.random).

/** A PRNG: each call returns a float in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for shuffling and sampling; the same seed gives the same stream. */
export function seededRandom(seed: number): Random {
  let a = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number in [0, n). */
export function randomInt(rand: Random, n: number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}

/** Fisher–Yates shuffle in place; returns the array. */
export function shuffle<T>(items: T[], rand: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rand, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
