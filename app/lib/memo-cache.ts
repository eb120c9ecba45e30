/**
 * The one in-memory cache of the app: values kept per key for as long as each value may be served unchecked,
 * the oldest dropped first past a number of entries or a total size. Concurrent misses of a key share one load;
 * a failed load is not kept. A load is given the expired value, so it can revalidate it cheaply (return it to keep
 * it for another period) instead of reading everything again. Used by the byte cache of rendered pages
 * (app/http/byte-cache.ts), the resolver's answers, shared public reads and small reference reads.
 */
export interface MemoCacheOptions<V> {
  /** How long a loaded value is served before the next load; a function lets a value choose (e.g. "not found" shorter). */
  freshMs: number | ((value: V) => number);
  /** Whether a loaded value is kept at all (default: every value); one that is not is still shared by concurrent misses. */
  keep?: (value: V) => boolean;
  maxEntries?: number;
  /** The most total `sizeOf` kept (e.g. bytes of rendered pages). */
  maxSize?: number;
  sizeOf?: (value: V) => number;
  now?: () => number;
}

export interface MemoCache<V> {
  /** The kept value while it may be served unchecked (synchronous, for hot paths). */
  fresh(key: string, at?: number): V | undefined;
  /** The fresh value, or the result of one load shared by concurrent callers; `load` gets the expired value, if any. */
  get(key: string, load: (expired: V | undefined) => Promise<V>, at?: number): Promise<V>;
  delete(key: string): void;
  clear(): void;
  stats(): { entries: number; size: number };
}

interface Kept<V> {
  value: V;
  until: number;
  size: number;
}

export function createMemoCache<V>(options: MemoCacheOptions<V>): MemoCache<V> {
  const { freshMs, keep, maxEntries = Infinity, maxSize = Infinity, sizeOf, now = Date.now } = options;
  const kept = new Map<string, Kept<V>>();
  const pending = new Map<string, Promise<V>>();
  let size = 0;

  function drop(key: string): void {
    const entry = kept.get(key);
    if (!entry) return;
    size -= entry.size;
    kept.delete(key);
  }

  function put(key: string, value: V, at: number): void {
    drop(key);
    if (keep && !keep(value)) return;
    const entry = { value, until: at + (typeof freshMs === "number" ? freshMs : freshMs(value)), size: sizeOf ? sizeOf(value) : 0 };
    kept.set(key, entry);
    size += entry.size;
    // Oldest first (insertion order), always leaving the newest.
    while ((kept.size > maxEntries || size > maxSize) && kept.size > 1) drop(kept.keys().next().value as string);
  }

  return {
    fresh(key, at = now()) {
      const entry = kept.get(key);
      return entry && entry.until > at ? entry.value : undefined;
    },
    get(key, load, at = now()) {
      const entry = kept.get(key);
      if (entry && entry.until > at) return Promise.resolve(entry.value);
      const running = pending.get(key);
      if (running) return running;
      const work = load(entry?.value)
        .then((value) => {
          put(key, value, at);
          return value;
        })
        .finally(() => {
          if (pending.get(key) === work) pending.delete(key);
        });
      pending.set(key, work);
      return work;
    },
    delete: drop,
    clear() {
      kept.clear();
      size = 0;
    },
    stats: () => ({ entries: kept.size, size }),
  };
}

/** One cache per scope (a database handle): caches of different databases never mix, and go away with their handle. */
export function memoCachePerScope<V>(options: MemoCacheOptions<V>): (scope: object) => MemoCache<V> {
  const caches = new WeakMap<object, MemoCache<V>>();
  return (scope) => {
    let cache = caches.get(scope);
    if (!cache) caches.set(scope, (cache = createMemoCache(options)));
    return cache;
  };
}
