// A small bounded least-recently-used map (the loaded-model, resolution and alias caches use it), bounded by
// entry count and, optionally, by the total weight of the entries (the model cache weighs models by bytes).

export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  private readonly weights = new Map<K, number>();
  private totalWeight = 0;
  /** The most recently used key: a hit on it (the common case on a hot path) needs no reordering. */
  private newest: K | undefined;

  constructor(
    readonly capacity: number,
    readonly maxWeight = Infinity,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`LRU capacity must be >= 1, got ${capacity}`);
  }

  /** The summed weight of the entries. */
  get weight(): number {
    return this.totalWeight;
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, marked as most recently used. */
  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined || key === this.newest) return value;
    // A Map iterates in insertion order: re-inserting moves the key to the "newest" end.
    this.map.delete(key);
    this.map.set(key, value);
    this.newest = key;
    return value;
  }

  /** The value without touching its recency. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /**
   * Insert or replace (weight 0 unless given); evicts the least recently used entries beyond capacity or beyond
   * maxWeight. The entry just set always stays, even when it alone weighs more than maxWeight.
   */
  set(key: K, value: V, weight = 0): void {
    this.delete(key);
    this.map.set(key, value);
    this.newest = key;
    this.weights.set(key, weight);
    this.totalWeight += weight;
    while (this.map.size > this.capacity || (this.totalWeight > this.maxWeight && this.map.size > 1)) {
      const oldest = this.map.keys().next().value as K;
      this.delete(oldest);
    }
  }

  /** Change an entry's weight without touching its recency (a model's size is known once it has loaded). */
  setWeight(key: K, weight: number): void {
    if (!this.map.has(key)) return;
    this.totalWeight += weight - (this.weights.get(key) ?? 0);
    this.weights.set(key, weight);
    while (this.totalWeight > this.maxWeight && this.map.size > 1) {
      const oldest = this.map.keys().next().value as K;
      if (oldest === key) break;
      this.delete(oldest);
    }
  }

  delete(key: K): boolean {
    if (key === this.newest) this.newest = undefined;
    this.totalWeight -= this.weights.get(key) ?? 0;
    this.weights.delete(key);
    return this.map.delete(key);
  }

  keys(): K[] {
    return [...this.map.keys()];
  }

  clear(): void {
    this.map.clear();
    this.newest = undefined;
    this.weights.clear();
    this.totalWeight = 0;
  }
}
