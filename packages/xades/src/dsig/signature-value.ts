import type { CheckResult, CryptoEngine, PublicKeyInfo } from '@mutua/core';
import { schemeName } from '@mutua/core';
import { rawEcdsaToDer } from './ecdsa';
import { signatureMethodMeaning } from './methods';
import type { SignatureValueVerification, XmlSignatureVerification } from './types';
import { DSIG_NS } from './types';

const ID = 'xmldsig.signatureValue';

/**
 * Verifies the SignatureValue over the canonical SignedInfo of a `verifyXmlSignature` result, with the
 * public key of the certificate the caller chose (from the XAdES signing-certificate binding and path
 * validation; a KeyInfo certificate only after that). ECDSA values are XML-DSig's `r ‖ s`, converted to
 * DER for the engine; a value whose length does not fit the key's curve is refused. The check
 * `xmldsig.signatureValue` is failed/SIG_CRYPTO_FAILURE when the value does not verify and
 * indeterminate/CRYPTO_CONSTRAINTS_FAILURE when the method or key cannot be checked.
 *
 * @example
 * ```ts
 * import { findSignatures, parseXml, signXml, verifySignatureValue, verifyXmlSignature } from '@mutua/xades';
 * import { nodeCryptoEngine } from '@mutua/core/node';
 * const { xml } = await signXml({
 *   content: { kind: 'enveloping', content: '<Nota>1</Nota>' },
 *   key: key.privateKey,
 * });
 * const doc = parseXml(xml);
 * const v = await verifyXmlSignature(doc, findSignatures(doc)[0]!, { crypto: nodeCryptoEngine });
 * (await verifySignatureValue(v, cert.publicKey, nodeCryptoEngine)).intact; // true
 * const other = await verifySignatureValue(v, issuer.publicKey, nodeCryptoEngine);
 * other.check.subIndication; // 'SIG_CRYPTO_FAILURE'
 * ```
 */
export async function verifySignatureValue(
  v: XmlSignatureVerification,
  publicKey: PublicKeyInfo,
  crypto: CryptoEngine,
): Promise<SignatureValueVerification> {
  const out = (check: Omit<CheckResult, 'id'>): SignatureValueVerification => ({
    intact: check.status === 'passed',
    check: { id: ID, ...check },
  });
  const method = v.signedInfo?.elements('SignatureMethod', DSIG_NS)[0];
  if (!v.signedInfo || !method || !v.signatureValue)
    return out({
      status: 'failed',
      message: 'no well-formed SignedInfo and SignatureValue to verify',
      subIndication: 'FORMAT_FAILURE',
    });
  if (!v.canonicalSignedInfo)
    return out({
      status: 'indeterminate',
      message: 'SignedInfo could not be canonicalised (unknown method)',
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
  const meaning = signatureMethodMeaning(method);
  if (meaning.kind === 'hmac')
    return out({
      status: 'failed',
      message: 'an HMAC SignatureMethod is refused',
      subIndication: 'FORMAT_FAILURE',
    });
  if (meaning.kind === 'unknown')
    return out({
      status: 'indeterminate',
      message: meaning.reason,
      subIndication: 'CRYPTO_CONSTRAINTS_FAILURE',
    });
  const scheme = meaning.scheme;
  let signature = v.signatureValue;
  if (scheme.kind === 'ECDSA') {
    if (publicKey.type !== 'EC' || publicKey.bits === 0)
      return out({
        status: 'failed',
        message: `an ${publicKey.type} key cannot verify an ECDSA signature`,
        subIndication: 'SIG_CRYPTO_FAILURE',
      });
    const converted = rawEcdsaToDer(signature, Math.ceil(publicKey.bits / 8));
    if (typeof converted === 'string')
      return out({ status: 'failed', message: converted, subIndication: 'SIG_CRYPTO_FAILURE' });
    signature = converted;
  }
  const r = await crypto.verify({ scheme, publicKey, data: v.canonicalSignedInfo, signature });
  if (r.status === 'valid')
    return out({ status: 'passed', message: `${schemeName(scheme)} signature verifies` });
  if (r.status === 'invalid')
    return out({ status: 'failed', message: r.reason, subIndication: 'SIG_CRYPTO_FAILURE' });
  return out({ status: 'indeterminate', message: r.reason, subIndication: 'CRYPTO_CONSTRAINTS_FAILURE' });
}
