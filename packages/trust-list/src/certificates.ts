import {
  type Certificate,
  type Tlv,
  base64Decode,
  children,
  parseCertificate,
  parseDer,
  tlvBytes,
  tlvValue,
} from '@mutua/core';
import type { XmlElement } from '@mutua/xades';
import { elementKids, kids, text } from './xml';

/** The white space base64Binary allows between characters (XML's: space, tab, CR, LF). */
const SPACES = /[\t\n\r ]+/g;
/** Whether `s` has XML white space: four native searches, several times faster than a regular
 * expression over the 1,800 certificates (3.6 MB of base64) of the EU set. */
const hasSpace = (s: string): boolean =>
  s.indexOf('\n') >= 0 || s.indexOf(' ') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\t') >= 0;
const SKI_OID = [0x55, 0x1d, 0x0e]; // 2.5.29.14 subjectKeyIdentifier, as OID content octets

/**
 * A certificate named in a ServiceDigitalIdentity. Lists carry thousands of them and a relying party
 * looks up a handful, so only the base64 text is kept when the list is read; the DER, the subject and
 * the subjectKeyIdentifier come from a cheap walk of the TBSCertificate the first time they are asked
 * for, and the full `Certificate` (extensions, key…) only when `certificate` is read.
 *
 * @example
 * ```ts
 * import { TrustedListCertificate } from '@mutua/trust-list';
 * import { base64Encode } from '@mutua/core';
 * const c = new TrustedListCertificate(base64Encode(caDer));
 * c.der.length === caDer.length; // true
 * c.subjectKeyIdentifier !== undefined; // true
 * c.certificate.subject.text === issuer.subject.text; // true
 * ```
 */
export class TrustedListCertificate {
  /** The base64 text of the DER without white space: also the key of the list's certificate index. */
  readonly base64: string;
  #der?: Uint8Array;
  #tbs?: Tlv[];
  #certificate?: Certificate;

  /** From the base64 text of an X509Certificate element (XML white space is ignored). */
  constructor(base64: string) {
    // Most lists write each certificate on one line: keep that text (no copy) when there is no space.
    this.base64 = hasSpace(base64) ? base64.replace(SPACES, '') : base64;
  }

  /** The DER (decoded on first use). */
  get der(): Uint8Array {
    this.#der ??= base64Decode(this.base64);
    return this.#der;
  }

  /** The TBSCertificate's fields, without interpreting them. */
  #fields(): Tlv[] {
    if (!this.#tbs) {
      const [tbs] = children(parseDer(this.der));
      if (!tbs) throw new Error('empty certificate');
      const f = children(tbs);
      // The version is an optional [0] EXPLICIT before the serial number: drop it so indices are fixed.
      this.#tbs = f[0] && f[0].cls === 2 && f[0].tag === 0 ? f.slice(1) : f;
    }
    return this.#tbs;
  }

  /** The DER of the subject Name (for matching by name without parsing the certificate). */
  get subjectDer(): Uint8Array {
    return tlvBytes(this.#fields()[4]!);
  }

  /** The subjectKeyIdentifier extension's value, if the certificate has one. */
  get subjectKeyIdentifier(): Uint8Array | undefined {
    const ext = this.#fields().find((t) => t.cls === 2 && t.tag === 3);
    if (!ext) return undefined;
    const [list] = children(ext);
    for (const e of list ? children(list) : []) {
      const [oid, ...rest] = children(e);
      const v = oid && tlvValue(oid);
      if (!v || v.length !== 3 || v.some((b, i) => b !== SKI_OID[i])) continue;
      const octets = rest[rest.length - 1];
      if (!octets) return undefined;
      const inner = parseDer(tlvValue(octets)); // extnValue wraps the KeyIdentifier OCTET STRING
      return tlvValue(inner);
    }
    return undefined;
  }

  /** The fully parsed certificate (parsed on first use, then kept). */
  get certificate(): Certificate {
    this.#certificate ??= parseCertificate(this.der);
    return this.#certificate;
  }
}

/**
 * One ServiceDigitalIdentity: the DigitalId values that identify a service (or, in a pointer, the
 * certificates that may sign the pointed list).
 *
 * @example
 * ```ts
 * import { buildTrustedList, parseTrustedList } from '@mutua/trust-list';
 * const list = parseTrustedList(buildTrustedList({ territory: 'UY', providers: [{ name: 'AGESIC', services: [{ certificates: [rootDer] }] }] }));
 * const sdi = list.trustServiceProviders[0]?.services[0]?.serviceDigitalIdentity;
 * sdi?.certificates.length; // 1
 * ```
 */
export interface ServiceDigitalIdentity {
  /** The X509Certificate values. */
  readonly certificates: readonly TrustedListCertificate[];
  /** The X509SubjectName values (RFC 4514 strings as written). */
  readonly subjectNames: readonly string[];
  /** The X509SKI values (decoded). */
  readonly subjectKeyIdentifiers: readonly Uint8Array[];
  /** How many KeyValue / Other DigitalIds were present (kept as a count: no one matches on them). */
  readonly otherDigitalIds: number;
}

/** @internal The certificate object of an X509Certificate element (one per element, made once). */
export type CertificateOf = (value: XmlElement) => TrustedListCertificate;

/** @internal The object of an X509Certificate element, made from its text. */
export const newCertificate: CertificateOf = (value) => new TrustedListCertificate(text(value) ?? '');

/** @internal Every X509Certificate element of a ServiceDigitalIdentity, in the order the reader takes them. */
export function forEachCertificate(sdi: XmlElement | undefined, f: (value: XmlElement) => void): void {
  for (const id of kids(sdi, 'DigitalId'))
    for (const v of elementKids(id)) if (v.localName === 'X509Certificate') f(v);
}

/** @internal Reads a ServiceDigitalIdentity (or one of PointersToOtherTSL's ServiceDigitalIdentities). */
export function readServiceDigitalIdentity(
  sdi: XmlElement | undefined,
  certificate: CertificateOf = newCertificate,
): ServiceDigitalIdentity {
  const certificates: TrustedListCertificate[] = [];
  const subjectNames: string[] = [];
  const subjectKeyIdentifiers: Uint8Array[] = [];
  let otherDigitalIds = 0;
  for (const id of kids(sdi, 'DigitalId')) {
    for (const v of elementKids(id)) {
      if (v.localName === 'X509Certificate') {
        certificates.push(certificate(v));
        continue;
      }
      const t = text(v) ?? '';
      if (v.localName === 'X509SubjectName') subjectNames.push(t);
      else if (v.localName === 'X509SKI') {
        try {
          subjectKeyIdentifiers.push(base64Decode(t));
        } catch {
          otherDigitalIds++;
        }
      } else otherDigitalIds++;
    }
  }
  return { certificates, subjectNames, subjectKeyIdentifiers, otherDigitalIds };
}
