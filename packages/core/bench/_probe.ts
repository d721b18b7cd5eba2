import { createPublicKey, verify } from 'node:crypto';
import { nodeCryptoEngine } from '../src/crypto/node-engine';
import { resolveSignatureAlgorithm, type SignatureScheme } from '../src/crypto/algorithms';
import { parseCertificate } from '../src/x509/certificate';
import { loadPkitsFile } from './corpus';
import { measure } from './harness';
import { trustAnchorFromCertificate } from '../src/path/trust-anchor';
import { validateCertificationPath } from '../src/path/validate-path';
import { STRICT_POLICY } from '../src/validation/policy';
import type { CryptoEngine } from '../src/crypto/engine';
const rootDer = loadPkitsFile('certs', 'TrustAnchorRootCertificate.crt')!;
const caDer = loadPkitsFile('certs', 'GoodCACert.crt')!;
const eeDer = loadPkitsFile('certs', 'ValidCertificatePathTest1EE.crt')!;
const root = parseCertificate(rootDer), ca = parseCertificate(caDer), ee = parseCertificate(eeDer);
const scheme = resolveSignatureAlgorithm(ca.signatureAlgorithm) as SignatureScheme;
const key = createPublicKey({ key: Buffer.from(root.publicKey.der), format: 'der', type: 'spki' });
console.log('raw verify', (await measure(() => verify('sha256', ca.tbsDer, key, ca.signatureValue))).usPerOp);
console.log('engine verify', (await measure(() => nodeCryptoEngine.verify({ scheme, publicKey: root.publicKey, data: ca.tbsDer, signature: ca.signatureValue }))).usPerOp);
console.log('parse 3', (await measure(() => { parseCertificate(rootDer); parseCertificate(caDer); parseCertificate(eeDer); })).usPerOp);
const fake: CryptoEngine = { name: 'fake', digest: async () => new Uint8Array(32), verify: async () => ({ status: 'valid' }) };
const POLICY = { ...STRICT_POLICY, revocation: { ...STRICT_POLICY.revocation, mode: 'ignore' as const } };
const ctx = { time: new Date('2022-05-01'), policy: POLICY, crypto: fake, crls: [], ocspResponses: [], certificatePool: [], validateSignerPath: async () => ({ ok: false }), checkRevocation: async () => { throw new Error(); } };
const path = { anchor: trustAnchorFromCertificate(root), certificates: [ca, ee] };
console.log('validate with fake crypto', (await measure(() => validateCertificationPath(path, ctx))).usPerOp);
for (let k = 0; k < 2; k++) {
console.log('raw import+verify', (await measure(() => verify('sha256', ca.tbsDer, createPublicKey({ key: Buffer.from(root.publicKey.der.buffer, root.publicKey.der.byteOffset, root.publicKey.der.byteLength), format: 'der', type: 'spki' }), ca.signatureValue))).usPerOp);
console.log('engine verify cold', (await measure(() => nodeCryptoEngine.verify({ scheme, publicKey: { ...root.publicKey }, data: ca.tbsDer, signature: ca.signatureValue }))).usPerOp);
console.log('parse 3 + validate fake', (await measure(() => validateCertificationPath({ anchor: trustAnchorFromCertificate(parseCertificate(rootDer)), certificates: [parseCertificate(caDer), parseCertificate(eeDer)] }, ctx))).usPerOp);
}
