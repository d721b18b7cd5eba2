/**
 * Response caches for the network door. A {@link FetchCache} stores successful responses by key for a
 * bounded time; {@link createMemoryCache} is a bounded in-memory LRU implementation.
 *
 * @packageDocumentation
 */
import { FetchError } from '../errors';
import type { FetchResult } from './fetcher';

/**
 * A cache of fetched responses. Implementations may be synchronous (memory) or asynchronous (IndexedDB,
 * a file store in a Node adapter). Entries past their expiry must not be returned.
 *
 * @example
 * ```ts
 * import { createHttpFetcher, createMemoryCache } from '@mutua/core';
 * const fetcher = createHttpFetcher({ cache: createMemoryCache({ ttlMs: 15 * 60_000 }) });
 * ```
 */
export interface FetchCache {
  /** The unexpired entry stored under `key`, or `undefined`. */
  get(key: string): FetchResult | undefined | Promise<FetchResult | undefined>;
  /**
   * Stores `value` under `key`. `expiresAt`, when given, caps how long the entry may be served (the
   * cache may keep it for less, never for more).
   */
  set(key: string, value: FetchResult, expiresAt?: Date): void | Promise<void>;
}

/** Bounds of {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Most entries kept (default 256). The least recently used entry is evicted first. */
  readonly maxEntries?: number;
  /** Most body bytes kept in total (default 50 MiB). Larger single bodies are not stored at all. */
  readonly maxBytes?: number;
  /** How long an entry lives at most (default one hour). */
  readonly ttlMs?: number;
  /** Clock, for tests (default `Date.now`). */
  readonly now?: () => number;
}

/** A {@link FetchCache} held in memory, with its current size for diagnostics. */
export interface MemoryCache extends FetchCache {
  get(key: string): FetchResult | undefined;
  set(key: string, value: FetchResult, expiresAt?: Date): void;
  /** Number of entries currently held. */
  readonly size: number;
  /** Total body bytes currently held. */
  readonly bytes: number;
  /** Drops every entry. */
  clear(): void;
}

interface Entry {
  readonly value: FetchResult;
  readonly expires: number;
}

/**
 * Creates a bounded in-memory LRU cache. Bodies are copied in and out, so callers may not corrupt it by
 * mutating a result. Entries come back with `fromCache: true` and their original `fetchedAt`.
 *
 * @example
 * ```ts
 * import { createMemoryCache } from '@mutua/core';
 * const cache = createMemoryCache({ maxEntries: 100, maxBytes: 20 * 1024 * 1024, ttlMs: 10 * 60_000 });
 * cache.size; // 0
 * ```
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  const maxEntries = positive(options.maxEntries, 256, 'maxEntries');
  const maxBytes = positive(options.maxBytes, 50 * 1024 * 1024, 'maxBytes');
  const ttlMs = positive(options.ttlMs, 60 * 60 * 1000, 'ttlMs');
  const now = options.now ?? Date.now;
  const map = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string): void => {
    const e = map.get(key);
    if (!e) return;
    bytes -= e.value.body.length;
    map.delete(key);
  };
  const evictToFit = (): void => {
    for (const key of map.keys()) {
      if (map.size <= maxEntries && bytes <= maxBytes) return;
      remove(key);
    }
  };

  return {
    get(key) {
      const e = map.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        remove(key);
        return undefined;
      }
      map.delete(key);
      map.set(key, e);
      return { ...e.value, body: e.value.body.slice(), fromCache: true };
    },
    set(key, value, expiresAt) {
      remove(key);
      if (value.body.length > maxBytes) return;
      const cap = now() + ttlMs;
      const expires = expiresAt ? Math.min(cap, expiresAt.getTime()) : cap;
      if (expires <= now()) return;
      map.set(key, { value: { ...value, body: value.body.slice() }, expires });
      bytes += value.body.length;
      evictToFit();
    },
    get size() {
      return map.size;
    },
    get bytes() {
      return bytes;
    },
    clear() {
      map.clear();
      bytes = 0;
    },
  };
}

function positive(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!(v > 0))
    throw new FetchError('INVALID_OPTIONS', `createMemoryCache: ${what} must be positive, got ${v}`);
  return v;
}
