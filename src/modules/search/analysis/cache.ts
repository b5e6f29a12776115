/**
 * A small bounded memo cache with two generations: lookups hit the current map, then the
 * previous one (promoting the entry); when the current map is full it becomes the previous one.
 * That approximates LRU at the cost of two Map operations, and bounds memory at 2 x `size`.
 */
export class MemoCache<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();
  constructor(private readonly size: number) {}

  get(key: string): V | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.current.size >= this.size) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, value);
  }

  /** Memoise `compute(key)`. */
  through(key: string, compute: (key: string) => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    this.set(key, value);
    return value;
  }
}
