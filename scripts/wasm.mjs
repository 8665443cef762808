/**
 * Compiles src/indexing/rice.wat (the reader of stored lists) into
 * src/indexing/rice-wasm.ts, its bytes in base64, so that the modules and
 * the bundle carry it without a file of their own to find. Run after
 * changing the .wat; test/rice.test.ts fails while the two differ.
 *
 *     node scripts/wasm.mjs
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The bytes of a .wat file's module. */
export async function compileWat(file) {
  const w = await wabt();
  const module = w.parseWat(path.basename(file), fs.readFileSync(file, 'utf8'));
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

/** The text of rice-wasm.ts for these bytes. */
export function moduleSource(bytes) {
  const base64 = bytes.toString('base64');
  const lines = base64.match(/.{1,100}/g).map((l) => `  '${l}' +`);
  return `// Made by scripts/wasm.mjs from rice.wat: do not edit.\n/** The reader of stored lists (rice.wat), compiled: ${bytes.length} bytes in base64. */\nexport const RICE_WASM =\n${lines.join('\n').slice(0, -2)};\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await compileWat(path.join(root, 'src/indexing/rice.wat'));
  fs.writeFileSync(path.join(root, 'src/indexing/rice-wasm.ts'), moduleSource(bytes));
  console.log(`src/indexing/rice-wasm.ts: ${bytes.length} bytes`);
}
