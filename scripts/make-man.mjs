// Writes the man pages (dist/man/*.1) from the help text the commands print.
// Part of `npm run build`; the package installs them: package.json "man" lists them,
// and the build fails when that list and the pages made here differ.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const { manPages } = await import(path.join(root, 'dist', 'src', 'cli', 'man.js'));
const out = path.join(root, 'dist', 'man');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
// The date of the page is the package's version's, not the build's: a build is the same every day.
for (const [name, text] of await manPages(pkg.version, pkg.manDate ?? '2026-12-02')) fs.writeFileSync(path.join(out, name), text);

const made = fs.readdirSync(out).sort().map((f) => `./dist/man/${f}`);
const listed = [...(pkg.man ?? [])].sort();
if (JSON.stringify(made) !== JSON.stringify(listed)) {
  console.error(`make-man: package.json "man" must list exactly the pages made:\n  made:   ${made.join(' ')}\n  listed: ${listed.join(' ')}`);
  process.exit(1);
}
