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

/** Reads `SEQUENCE { tbs SEQUENCE, signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }`. */
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
