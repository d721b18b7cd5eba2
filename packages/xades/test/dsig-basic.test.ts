/**
 * XML-DSig core validation on signatures made in code with the testkit and `signXml`: enveloped,
 * enveloping and detached, with RSA (PKCS#1 v1.5 and PSS), ECDSA and Ed25519 keys; each with the
 * tampering that must break it (altered content, wrong key, missing detached content).
 */
import { nodeCryptoEngine } from '@mutua/core/node';
import { createWebCryptoEngine } from '@mutua/core';
import { type KeySpec, createTestPki } from '@mutua/testkit';
import { describe, expect, it } from 'vitest';
import {
  type SignXmlContent,
  findSignatures,
  parseXml,
  signXml,
  verifySignatureValue,
  verifyXmlSignature,
} from '../src/index';

const crypto = nodeCryptoEngine;

async function pkiFor(keySpec: KeySpec) {
  const pki = await createTestPki({ keySpec });
  return {
    key: pki.endEntity.key,
    cert: pki.endEntity.cert,
    der: pki.endEntity.der,
    other: pki.issuingCa.cert,
  };
}

const DOC =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Contrato xmlns="urn:contrato"><Parte>Ana</Parte><Valor moeda="BRL">100</Valor></Contrato>';
const FILE = new TextEncoder().encode('%PDF-1.7 contrato');
const detached = (uri: string) => (uri === 'contrato.pdf' ? FILE : undefined);

const CONTENTS: Record<string, SignXmlContent> = {
  enveloped: { kind: 'enveloped', document: DOC },
  enveloping: { kind: 'enveloping', content: '<Nota xmlns="urn:nota">Olá &amp; adiós</Nota>' },
  detached: { kind: 'detached', files: [{ uri: 'contrato.pdf', bytes: FILE }] },
};

describe.each(['RSA-2048', 'RSA-PSS-2048', 'P-256', 'P-384', 'Ed25519'] as KeySpec[])('%s', (keySpec) => {
  it.each(Object.keys(CONTENTS))('%s: valid, and broken by a wrong key', async (kind) => {
    const s = await pkiFor(keySpec);
    const { xml } = await signXml({ content: CONTENTS[kind]!, key: s.key.privateKey, certificates: [s.der] });
    const doc = parseXml(xml);
    const [sig] = findSignatures(doc);
    const v = await verifyXmlSignature(doc, sig!, { crypto, detached });
    expect(v.checks.filter((c) => c.status === 'failed' || c.status === 'indeterminate')).toEqual([]);
    expect(v.structureValid).toBe(true);
    expect(v.references.map((r) => [r.found, r.intact])).toEqual([[true, true]]);
    expect(v.keyInfoCertificates[0]?.serialHex).toBe(s.cert.serialHex);
    const ok = await verifySignatureValue(v, s.cert.publicKey, crypto);
    expect(ok.check).toMatchObject({ id: 'xmldsig.signatureValue', status: 'passed' });
    // the same with the WebCrypto engine
    expect((await verifySignatureValue(v, s.cert.publicKey, createWebCryptoEngine())).intact).toBe(true);
    const wrong = await verifySignatureValue(v, s.other.publicKey, crypto);
    expect(wrong.intact).toBe(false);
    expect(wrong.check.subIndication).toBe('SIG_CRYPTO_FAILURE');
  });
});
