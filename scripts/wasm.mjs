/**
 * Compiles the WebAssembly modules into TypeScript modules of their bytes in
 * base64, so that the modules and the bundle carry them without a file of
 * their own to find: src/indexing/rice.wat (the stored lists) into
 * rice-wasm.ts, src/lsp/unescape.wat (a large document's JSON text) into
 * unescape-wasm.ts. Run after changing a .wat; test/rice.test.ts and
 * test/transport.test.ts fail while they differ.
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

/** What each .wat is compiled into: its TypeScript module, the constant's name, and what the module does. */
export const MODULES = [
  { wat: 'src/indexing/rice.wat', ts: 'src/indexing/rice-wasm.ts', name: 'RICE_WASM', what: 'The reader of stored lists' },
  { wat: 'src/lsp/unescape.wat', ts: 'src/lsp/unescape-wasm.ts', name: 'UNESCAPE_WASM', what: "The unescaper of a large document's JSON text" },
];

/** The text of a module's TypeScript file for these bytes (`m`: one of `MODULES`; rice.wat's by default). */
export function moduleSource(bytes, m = MODULES[0]) {
  const base64 = bytes.toString('base64');
  const lines = base64.match(/.{1,100}/g).map((l) => `  '${l}' +`);
  const wat = path.basename(m.wat);
  return `// Made by scripts/wasm.mjs from ${wat}: do not edit.\n/** ${m.what} (${wat}), compiled: ${bytes.length} bytes in base64. */\nexport const ${m.name} =\n${lines.join('\n').slice(0, -2)};\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const m of MODULES) {
    const bytes = await compileWat(path.join(root, m.wat));
    fs.writeFileSync(path.join(root, m.ts), moduleSource(bytes, m));
    console.log(`${m.ts}: ${bytes.length} bytes`);
  }
}
