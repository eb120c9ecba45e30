/**
 * Reads that visitors who are not signed in may share for a short while (decision 0013): the first request of a
 * key reads, the requests of the next `ttlMs` get the same answer (the same promise while it is pending, so
 * concurrent misses read once). Kept per database, at most `maxEntries` keys, the oldest dropped first; a failed
 * read is not kept.
 */
export interface SharedReads<T> {
  get(scope: object, key: string, read: () => Promise<T>, now?: number): Promise<T>;
}

export function sharedReads<T>(ttlMs: number, maxEntries: number): SharedReads<T> {
  const byScope = new WeakMap<object, Map<string, { until: number; value: Promise<T> }>>();
  return {
    get(scope, key, read, now = Date.now()) {
      let entries = byScope.get(scope);
      if (!entries) byScope.set(scope, (entries = new Map()));
      const kept = entries.get(key);
      if (kept && kept.until > now) return kept.value;
      const entry = { until: now + ttlMs, value: read() };
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      const all = entries;
      entry.value.catch(() => {
        if (all.get(key) === entry) all.delete(key);
      });
      return entry.value;
    },
  };
}
