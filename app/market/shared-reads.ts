/**
 * Reads that visitors who are not signed in may share for a short while (decision 0013): the first request of a
 * key reads, the requests of the next `ttlMs` get the same answer (the same promise while it is pending, so
 * concurrent misses read once). Kept per database, at most `maxEntries` keys, the oldest dropped first; a failed
 * read is not kept. Built on the app's one memo cache (app/lib/memo-cache.ts).
 */
import { memoCachePerScope } from "~/lib/memo-cache";

export interface SharedReads<T> {
  get(scope: object, key: string, read: () => Promise<T>, now?: number): Promise<T>;
}

export function sharedReads<T>(ttlMs: number, maxEntries: number): SharedReads<T> {
  const cacheOf = memoCachePerScope<T>({ freshMs: ttlMs, maxEntries });
  return {
    get: (scope, key, read, now = Date.now()) => cacheOf(scope).get(key, read, now),
  };
}
