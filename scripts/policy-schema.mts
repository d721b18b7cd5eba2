// Writes docs/policy.schema.json and docs/recognition-policy.schema.json from the zod schemas (run: pnpm tsx scripts/policy-schema.mts).
// A test checks that the committed file matches, so the JSON Schema never drifts from the code.
import { writeFileSync } from 'node:fs';
import { recognitionPolicyJsonSchema, validationPolicyJsonSchema } from '../packages/core/src/index';

writeFileSync(
  new URL('../docs/policy.schema.json', import.meta.url),
  `${JSON.stringify(validationPolicyJsonSchema(), null, 2)}\n`,
);
writeFileSync(
  new URL('../docs/recognition-policy.schema.json', import.meta.url),
  `${JSON.stringify(recognitionPolicyJsonSchema(), null, 2)}\n`,
);
console.log('docs/policy.schema.json and docs/recognition-policy.schema.json written');
