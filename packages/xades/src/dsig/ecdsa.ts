import { der } from '@mutua/core';

/**
 * XML-DSig's ECDSA value (`r ‖ s`, each as long as the curve's order, RFC 4050 / XML-DSig 1.1 §6.4.3) as
 * the DER `ECDSA-Sig-Value` core's engines verify. A value of the wrong length is refused, not repaired:
 * a DER value or a truncated integer in SignatureValue is a malformed signature.
 */
export function rawEcdsaToDer(raw: Uint8Array, fieldBytes: number): Uint8Array | string {
  if (raw.length !== 2 * fieldBytes)
    return `ECDSA SignatureValue is ${raw.length} bytes, not ${2 * fieldBytes} (r ‖ s for this curve)`;
  return der.seq(der.uintBytes(raw.subarray(0, fieldBytes)), der.uintBytes(raw.subarray(fieldBytes)));
}
