/**
 * How a page rendered for the page cache (app/http/page-cache.ts) says whether it may be kept, and how to tell
 * later that it is still current. A route's loader that can answer this calls `set` with the stamp of the data
 * it read and a function that reads the same stamp again from the database; a render whose loaders never call
 * it is not kept. See docs/decisions/0013-storefront-page-cache.md.
 */
export interface PageStampSink {
  set(stamp: string, check: () => Promise<string>): void;
}

export interface CollectedPageStamp {
  stamp: string;
  /** Reads the stamp again: equal to `stamp` while the page is current. */
  check: () => Promise<string>;
}

/** The sink of one render. Several loaders may each add their part; null when none did. */
export function createPageStampSink(): PageStampSink & { collected(): CollectedPageStamp | null } {
  const parts: { stamp: string; check: () => Promise<string> }[] = [];
  return {
    set(stamp, check) {
      parts.push({ stamp, check });
    },
    collected() {
      if (parts.length === 0) return null;
      const checks = parts.map((p) => p.check);
      return {
        stamp: parts.map((p) => p.stamp).join("|"),
        check: async () => (await Promise.all(checks.map((c) => c()))).join("|"),
      };
    },
  };
}
