/** Test helpers: a test PKI and signing of testkit-built lists with @mutua/xades. */
import { createTestPki } from '@mutua/testkit';
import { signXades } from '@mutua/xades';
import type { BuiltCertificate } from '@mutua/testkit';

export const pkiPromise = createTestPki({ name: 'TL Test' });

/** Signs a list as the EU and member states do: enveloped XAdES-B, reference URI "". */
export async function signList(xml: string, signer: BuiltCertificate): Promise<string> {
  const signed = await signXades({
    content: { kind: 'enveloped', document: xml },
    key: signer.key.privateKey,
    certificate: signer.der,
  });
  return signed.xml;
}
