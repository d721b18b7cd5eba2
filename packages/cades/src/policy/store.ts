import type { HashName } from '@mutua/core';
import type { Lpa, SigningPeriod } from './lpa';
import type { SignaturePolicyDocument } from './signature-policy';

/** One known digest of a policy document. */
export interface KnownPolicyDigest {
  readonly hash: HashName;
  readonly value: Uint8Array;
}

/** What is known about one policy OID. */
export interface PolicyRecord {
  readonly oid: string;
  /** Every digest the policy has been published with (historical hashes included). */
  readonly digests: readonly KnownPolicyDigest[];
  /** The parsed policy document, when one was added. */
  readonly document?: SignaturePolicyDocument;
  /**
   * The policy document's bytes as published, when added: an XML policy (XAdES) commits to its digest
   * after the transforms the signature names, which only the document itself can reproduce.
   */
  readonly documentBytes?: Uint8Array;
  /** Where the digests came from (for example `'LPA_CAdES.der'` or a URL), one per `add`. */
  readonly sources: readonly string[];
  /** The signing period an approved-policy list gives, when loaded from one. */
  readonly signingPeriod?: SigningPeriod;
  /** The revocation date an approved-policy list gives, when loaded from one. */
  readonly revocationDate?: Date;
  /** The policy URI an approved-policy list gives, when loaded from one. */
  readonly uri?: string;
}

/** What {@link PolicyStore.add} takes. */
export interface PolicyStoreEntry {
  readonly digests: readonly KnownPolicyDigest[];
  readonly document?: SignaturePolicyDocument;
  /** The document's bytes (see {@link PolicyRecord.documentBytes}). */
  readonly documentBytes?: Uint8Array;
  readonly source: string;
  readonly signingPeriod?: SigningPeriod;
  readonly revocationDate?: Date;
  readonly uri?: string;
}

/** The answer of {@link PolicyStore.lookup}. */
export type PolicyLookup =
  | { readonly status: 'match'; readonly record: PolicyRecord; readonly source: string | undefined }
  | {
      readonly status: 'mismatch';
      readonly record: PolicyRecord;
      /** Why: no digest with this hash is known, or none of the known ones is equal. */
      readonly reason: 'no-digest-for-hash' | 'digest-differs';
    }
  | { readonly status: 'unknown'; readonly oid: string };

/** A store of signature policies keyed by OID, holding every known digest per OID. */
export interface PolicyStore {
  /** Adds digests (and optionally the document) for `oid`; repeated adds accumulate, duplicates are merged. */
  add(oid: string, entry: PolicyStoreEntry): void;
  /**
   * Adds every entry of a parsed approved-policy list that has an OID (v1 lists have none), with the
   * digests of its DER or XML rendition; returns how many entries were added.
   */
  addLpa(lpa: Lpa, source: string): number;
  /** Whether `digest` (computed with `hash`) is a known digest of policy `oid`. */
  lookup(oid: string, hash: HashName, digest: Uint8Array): PolicyLookup;
  /** The record of `oid`, if any. */
  get(oid: string): PolicyRecord | undefined;
  /** Every OID known. */
  oids(): string[];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Creates an empty {@link PolicyStore}. Several digests may be kept per OID, so that a document signed
 * under an earlier publication of a policy stays verifiable after the policy is republished under the
 * same OID and URL (as Costa Rica's Hacienda and Colombia's DIAN have done).
 *
 * @example
 * ```ts
 * import { createPolicyStore } from '@mutua/cades';
 * const store = createPolicyStore();
 * const v1 = new Uint8Array(32).fill(1);
 * const v2 = new Uint8Array(32).fill(2);
 * store.add('2.16.188.1.1.1.1', { digests: [{ hash: 'SHA-256', value: v1 }], source: '2017 publication' });
 * store.add('2.16.188.1.1.1.1', { digests: [{ hash: 'SHA-256', value: v2 }], source: '2019 publication' });
 * store.lookup('2.16.188.1.1.1.1', 'SHA-256', v1).status; // 'match'
 * store.get('2.16.188.1.1.1.1')?.digests.length; // 2
 * const miss = store.lookup('2.16.188.1.1.1.1', 'SHA-256', new Uint8Array(32));
 * miss.status === 'mismatch' && miss.reason; // 'digest-differs'
 * store.lookup('1.2.3', 'SHA-256', v1).status; // 'unknown'
 * ```
 */
export function createPolicyStore(): PolicyStore {
  const records = new Map<string, PolicyRecord>();
  const sourceOf = new Map<string, string>(); // `${oid} ${hash} ${hex}` → first source
  const key = (oid: string, d: KnownPolicyDigest) =>
    `${oid} ${d.hash} ${Array.from(d.value, (b) => b.toString(16).padStart(2, '0')).join('')}`;

  const store: PolicyStore = {
    add(oid, entry) {
      const prev = records.get(oid);
      const digests = [...(prev?.digests ?? [])];
      for (const d of entry.digests) {
        const k = key(oid, d);
        if (!sourceOf.has(k)) {
          sourceOf.set(k, entry.source);
          digests.push({ hash: d.hash, value: d.value.slice() });
        }
      }
      const document = entry.document ?? prev?.document;
      const documentBytes = entry.documentBytes ?? prev?.documentBytes;
      const signingPeriod = entry.signingPeriod ?? prev?.signingPeriod;
      const revocationDate = entry.revocationDate ?? prev?.revocationDate;
      const uri = entry.uri ?? prev?.uri;
      records.set(oid, {
        oid,
        digests,
        sources: [...(prev?.sources ?? []), entry.source],
        ...(document ? { document } : {}),
        ...(documentBytes ? { documentBytes } : {}),
        ...(signingPeriod ? { signingPeriod } : {}),
        ...(revocationDate ? { revocationDate } : {}),
        ...(uri ? { uri } : {}),
      });
    },
    addLpa(lpa, source) {
      let n = 0;
      for (const e of lpa.entries) {
        if (!e.policyOid) continue;
        const digests = e.digests.flatMap((d) =>
          d.hash && d.format !== 'txt' ? [{ hash: d.hash, value: d.value }] : [],
        );
        store.add(e.policyOid, {
          digests,
          source,
          signingPeriod: e.signingPeriod,
          ...(e.revocationDate ? { revocationDate: e.revocationDate } : {}),
          ...(e.policyUri ? { uri: e.policyUri } : {}),
        });
        n++;
      }
      return n;
    },
    lookup(oid, hash, digest) {
      const record = records.get(oid);
      if (!record) return { status: 'unknown', oid };
      const withHash = record.digests.filter((d) => d.hash === hash);
      if (withHash.length === 0) return { status: 'mismatch', record, reason: 'no-digest-for-hash' };
      const hit = withHash.find((d) => sameBytes(d.value, digest));
      if (!hit) return { status: 'mismatch', record, reason: 'digest-differs' };
      return { status: 'match', record, source: sourceOf.get(key(oid, hit)) };
    },
    get(oid) {
      return records.get(oid);
    },
    oids() {
      return [...records.keys()];
    },
  };
  return store;
}
