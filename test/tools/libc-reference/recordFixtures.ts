import * as fs from 'node:fs';
import { buildReference, FAMILIES, fixturePath, runReference } from './libcReference';

/**
 * Re-records test/fixtures/libc/*.txt from the system's glibc:
 *   npx tsc -p tsconfig.json && node out/test/tools/libc-reference/recordFixtures.js
 */
const exe = buildReference();
for (const family of FAMILIES) {
  try {
    fs.writeFileSync(fixturePath(family), runReference(exe, family), 'latin1');
    console.log(`recorded ${family}`);
  } catch (e) {
    console.log(`skipped ${family}: ${(e as Error).message}`);
  }
}
