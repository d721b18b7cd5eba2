import { type Certificate, type CryptoEngine, MutuaError, createWebCryptoEngine } from '@mutua/core';
import type { TrustedListCertificate } from './certificates';
import type { TrustedList } from './model';
import { parseTrustedList } from './parse';
import { type TrustedListAcceptance, acceptTrustedList, verifyTrustedListSignature } from './signature';

/**
 * Where a {@link TrustedListStore} keeps the lists it accepted, between runs: a directory on Node (see
 * `mutua tl`), IndexedDB in a browser, anything with these two calls. `write` must replace atomically
 * (write elsewhere, then rename): a reader sees the old list or the new one, never half of each.
 */
export interface TrustedListStorage {
  read(key: string): Promise<Uint8Array | undefined>;
  write(key: string, bytes: Uint8Array): Promise<void>;
}

/** Options of {@link TrustedListStore}. */
export interface TrustedListStoreOptions {
  readonly storage?: TrustedListStorage;
  /**
   * A list past its NextUpdate: `warn` (default) installs it and reports it stale, `reject` refuses it.
   * Either way `get` says whether the list in use is stale at a given time.
   */
  readonly stale?: 'warn' | 'reject';
  readonly crypto?: CryptoEngine;
  /**
   * How strictly a list must be signed (default `announced-signer`). A list let in only by a relaxed level
   * is stored with `relaxed` set, and its offer and snapshot say so.
   */
  readonly acceptance?: TrustedListAcceptance;
  /** The clock (default `new Date()`), for staleness. */
  readonly now?: () => Date;
}

/** What the store holds for one list. */
export interface StoredTrustedList {
  readonly key: string;
  readonly list: TrustedList;
  readonly bytes: Uint8Array;
  readonly sequenceNumber: number;
  readonly issued?: Date;
  readonly nextUpdate?: Date;
  /** When the store accepted it. */
  readonly acceptedAt: Date;
  /** Set when only a relaxed {@link TrustedListStoreOptions.acceptance} let it in: what the default would have refused. */
  readonly relaxed?: string;
}

/** The outcome of offering a list to the store. */
export interface TrustedListOffer {
  /** `installed`: it replaced the list in use (or was the first); `unchanged`: the same list again; `rejected`. */
  readonly outcome: 'installed' | 'unchanged' | 'rejected';
  readonly sequenceNumber?: number;
  /** The sequence number of the list in use before. */
  readonly previous?: number;
  /** Why it was rejected, and warnings (stale, …). */
  readonly reasons: readonly string[];
}

/** The identity of one list of a {@link TrustedListSnapshot}: enough to tell, later, whether a list is this one. */
export interface TrustedListIdentityEntry {
  readonly key: string;
  readonly territory?: string;
  readonly sequenceNumber: number;
  readonly issued?: Date;
  readonly nextUpdate?: Date;
  readonly acceptedAt: Date;
  /** SHA-256 of the list's bytes, lower-case hex. */
  readonly sha256: string;
  /** The list's bytes, when the snapshot was asked for with `{ bytes: true }` (to archive or reload it). */
  readonly bytes?: Uint8Array;
  /** Set when the list is in use only under a relaxed acceptance (see {@link StoredTrustedList.relaxed}). */
  readonly relaxed?: string;
}

/**
 * The lists a store holds at one time, identified, so that a verdict can cite exactly what it rested on
 * and be reproduced: export it with every report, archive it with the bytes, reload the lists from it.
 */
export interface TrustedListSnapshot {
  readonly takenAt: Date;
  /** Sorted by key. */
  readonly lists: readonly TrustedListIdentityEntry[];
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Keeps, per list, the accepted trusted list with the highest sequence number (TS 119 612 §5.3.3:
 * TSLSequenceNumber increases with each issue), and replaces it only with a list that is fully
 * validated — its one signature verifies with a certificate announced for it — and newer. An older list
 * is a rollback and is refused (an attacker replaying a list from before a service was withdrawn); the
 * same sequence number with different content is refused too. A list past its NextUpdate is stale:
 * reported, or refused by policy. Nothing from storage is trusted without its signature verified again.
 *
 * @example
 * ```ts
 * import { TrustedListStore, buildTrustedList, signTrustedList } from '@mutua/trust-list';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const sign = (sequenceNumber: number) => signTrustedList(buildTrustedList({ territory: 'UY', sequenceNumber }), { key: leaf.key.privateKey, certificate: leaf.der });
 * const store = new TrustedListStore({ crypto: nodeCryptoEngine });
 * (await store.offer('UY', await sign(7), [leaf.der])).outcome; // 'installed'
 * (await store.offer('UY', await sign(6), [leaf.der])).outcome; // 'rejected' (a rollback)
 * store.get('UY')?.sequenceNumber; // 7
 * ```
 */
export class TrustedListStore {
  readonly #lists = new Map<string, StoredTrustedList>();
  readonly #options: TrustedListStoreOptions;

  constructor(options: TrustedListStoreOptions = {}) {
    this.#options = options;
  }

  /** The list in use under `key`, with whether it is stale at `at` (default now). */
  get(key: string, at?: Date): (StoredTrustedList & { readonly stale: boolean }) | undefined {
    const s = this.#lists.get(key);
    if (!s) return undefined;
    const t = at ?? this.#options.now?.() ?? new Date();
    return { ...s, stale: s.nextUpdate !== undefined && s.nextUpdate < t };
  }

  /**
   * The identity of every list in use — key, territory, sequence number, issue and next-update dates,
   * SHA-256 — and, with `{ bytes: true }`, the lists themselves.
   *
   * @example
   * ```ts
   * import { TrustedListStore, buildTrustedList, signTrustedList } from '@mutua/trust-list';
   * import { nodeCryptoEngine } from '@mutua/core/node';
   * const store = new TrustedListStore({ crypto: nodeCryptoEngine });
   * await store.offer('UY', await signTrustedList(buildTrustedList({ territory: 'UY', sequenceNumber: 7 }), { key: leaf.key.privateKey, certificate: leaf.der }), [leaf.der]);
   * const snapshot = await store.snapshot();
   * snapshot.lists[0]?.sequenceNumber; // 7
   * snapshot.lists[0]?.sha256.length; // 64
   * ```
   */
  async snapshot(options: { readonly bytes?: boolean } = {}): Promise<TrustedListSnapshot> {
    const crypto = this.#options.crypto ?? createWebCryptoEngine();
    const lists: TrustedListIdentityEntry[] = [];
    for (const key of this.keys().sort()) {
      const s = this.#lists.get(key)!;
      const digest = new Uint8Array(await crypto.digest('SHA-256', s.bytes));
      const territory = s.list.schemeInformation.schemeTerritory;
      lists.push({
        key,
        ...(territory ? { territory } : {}),
        sequenceNumber: s.sequenceNumber,
        ...(s.issued ? { issued: s.issued } : {}),
        ...(s.nextUpdate ? { nextUpdate: s.nextUpdate } : {}),
        acceptedAt: s.acceptedAt,
        sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
        ...(options.bytes ? { bytes: s.bytes } : {}),
        ...(s.relaxed ? { relaxed: s.relaxed } : {}),
      });
    }
    return { takenAt: this.#options.now?.() ?? new Date(), lists };
  }

  /** Every key the store holds a list for. */
  keys(): string[] {
    return [...this.#lists.keys()];
  }

  /**
   * Offers a newly obtained list (downloaded, read from a file) for `key`, with the certificates
   * announced for it. It is installed — in memory, and in the storage when there is one — only if it
   * validates and is newer than the list in use.
   */
  async offer(
    key: string,
    bytes: Uint8Array | string,
    announced: readonly (Uint8Array | Certificate | TrustedListCertificate)[],
  ): Promise<TrustedListOffer> {
    const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
    const current = this.#lists.get(key);
    const previous = current ? { previous: current.sequenceNumber } : {};
    const rejected = (...reasons: string[]): TrustedListOffer => ({
      outcome: 'rejected',
      ...previous,
      reasons,
    });
    let list: TrustedList;
    try {
      list = parseTrustedList(raw);
    } catch (e) {
      if (!(e instanceof MutuaError)) throw e;
      return rejected(`the list does not parse: ${e.message}`);
    }
    const seq = list.schemeInformation.tslSequenceNumber;
    if (seq === undefined)
      return rejected('the list has no TSLSequenceNumber: its freshness cannot be judged');
    if (current && sameBytes(current.bytes, raw))
      return { outcome: 'unchanged', sequenceNumber: seq, ...previous, reasons: [] };
    if (current && seq < current.sequenceNumber)
      return rejected(
        `rollback: sequence number ${seq} is lower than that of the list in use (${current.sequenceNumber})`,
      );
    if (current && seq === current.sequenceNumber)
      return rejected(
        `sequence number ${seq} is that of the list in use, but the content differs: a list is never reissued under the same number`,
      );
    const v = await verifyTrustedListSignature(list, {
      announcedCertificates: announced,
      ...(this.#options.crypto ? { crypto: this.#options.crypto } : {}),
    });
    const decision = acceptTrustedList(v, this.#options.acceptance);
    if (!decision.accepted)
      return rejected(
        `its signature is ${v.indication}${v.subIndication ? `/${v.subIndication}` : ''}: ${v.reasons[0] ?? ''}`,
      );
    const now = this.#options.now?.() ?? new Date();
    const nextUpdate = list.schemeInformation.nextUpdate;
    const reasons: string[] = decision.relaxed ? [decision.relaxed] : [];
    if (nextUpdate && nextUpdate < now) {
      const why = `stale: its NextUpdate ${nextUpdate.toISOString()} is past`;
      if (this.#options.stale === 'reject') return rejected(why);
      reasons.push(why);
    }
    const entry: StoredTrustedList = {
      key,
      list,
      bytes: raw,
      sequenceNumber: seq,
      ...(list.schemeInformation.listIssueDateTime
        ? { issued: list.schemeInformation.listIssueDateTime }
        : {}),
      ...(nextUpdate ? { nextUpdate } : {}),
      acceptedAt: now,
      ...(decision.relaxed ? { relaxed: decision.relaxed } : {}),
    };
    // Storage first: if it fails, the list in use stays the old one (memory and storage agree).
    await this.#options.storage?.write(key, raw);
    this.#lists.set(key, entry);
    return { outcome: 'installed', sequenceNumber: seq, ...previous, reasons };
  }

  /**
   * Restores the list stored under `key` (after a restart), verifying its signature again with the
   * certificates announced now. Returns the offer's outcome; `rejected` when storage holds nothing valid.
   */
  async restore(
    key: string,
    announced: readonly (Uint8Array | Certificate | TrustedListCertificate)[],
  ): Promise<TrustedListOffer> {
    const bytes = await this.#options.storage?.read(key);
    if (!bytes) return { outcome: 'rejected', reasons: [`nothing stored under ${key}`] };
    // The stored copy is offered like any other; writing it back unchanged is harmless.
    return this.offer(key, bytes, announced);
  }
}
