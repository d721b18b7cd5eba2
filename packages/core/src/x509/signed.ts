import { Tag, type Tlv, isUniversal } from '../asn1/der';
import { SeqReader, decodeBitString } from '../asn1/read';
import { StructureError } from '../errors';
import { type AlgorithmIdentifier, parseAlgorithmIdentifier } from './public-key';

/** The SIGNED{…} envelope shared by certificates and CRLs (X.509 §7.4): to-be-signed part, algorithm, signature. */
export interface SignedEnvelope {
  readonly tbs: Tlv;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signatureValue: Uint8Array;
}

/**
 * Reads `SEQUENCE { tbs SEQUENCE, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }`.
 *
 * @example
 * ```ts
 * // readSignedEnvelope is internal (not exported by the package); parseCertificate and parseCrl use it,
 * // and its three parts are on their results:
 * cert.tbsDer.length > 0; // true
 * cert.signatureAlgorithm.oid; // '1.2.840.10045.4.3.2' (ecdsa-with-SHA256)
 * crls[1]!.signatureAlgorithm.oid; // '1.2.840.10045.4.3.2'
 * ```
 */
export function readSignedEnvelope(
  root: Tlv,
  what: string,
  tbsField: string,
  notCode: string,
): SignedEnvelope {
  if (!isUniversal(root, Tag.SEQUENCE)) throw new StructureError(notCode, `${what}: not a SEQUENCE`);
  const r = new SeqReader(root, what);
  const tbs = r.next(tbsField, Tag.SEQUENCE);
  const signatureAlgorithm = parseAlgorithmIdentifier(
    r.next('signatureAlgorithm', Tag.SEQUENCE),
    'signatureAlgorithm',
  );
  const signatureValue = decodeBitString(r.next('signatureValue'), 'signatureValue').bytes;
  r.end();
  return { tbs, signatureAlgorithm, signatureValue };
}
