// Packages the VS Code extension (editors/vscode) as a .vsix, with the
// runtime files of its dependencies, into dist/editors/. Part of `npm run build`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ext = path.join(root, 'editors', 'vscode');
const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
const out = path.join(root, 'dist', 'editors', `${manifest.name}-${manifest.version}.vsix`);

/** The directories of a package and of everything it needs at run time, found as Node would. */
function dependencies(name, from, seen = new Map()) {
  const require = createRequire(path.join(from, 'noop.js'));
  let pkgJson;
  try {
    pkgJson = require.resolve(`${name}/package.json`);
  } catch {
    // Packages whose exports hide package.json: look for the directory on the node_modules path.
    for (let dir = from; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name, 'package.json');
      if (fs.existsSync(candidate)) {
        pkgJson = candidate;
        break;
      }
      if (dir === path.dirname(dir)) throw new Error(`cannot find ${name} from ${from}`);
    }
  }
  const dir = path.dirname(pkgJson);
  if (seen.has(dir)) return seen;
  seen.set(dir, name);
  const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) dependencies(dep, dir, seen);
  return seen;
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

const zip = new yazl.ZipFile();
const types = new Set(['.json', '.js', '.vsixmanifest', '.xml', '.txt', '.md']);
const add = (file, name) => {
  const ext2 = path.extname(name);
  if (ext2) types.add(ext2);
  zip.addFile(file, name, { mtime: new Date(0) });
};
for (const f of ['package.json', 'extension.js', 'language-configuration.json', 'syntaxes/daybook.tmLanguage.json']) add(path.join(ext, f), `extension/${f}`);
add(path.join(root, 'LICENSE'), 'extension/LICENSE.txt');
for (const [dir, name] of dependencies('vscode-languageclient', root)) {
  for (const file of walk(dir)) {
    const rel = path.relative(dir, file);
    if (rel.startsWith('node_modules') || !/\.(js|json)$/.test(rel) || /(^|\/)test\//.test(rel)) continue;
    add(file, `extension/node_modules/${name}/${rel.split(path.sep).join('/')}`);
  }
}
const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
zip.addBuffer(
  Buffer.from(`<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(manifest.name)}" Version="${xml(manifest.version)}" Publisher="${xml(manifest.publisher)}" />
    <DisplayName>${xml(manifest.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(manifest.description)}</Description>
    <Categories>${xml(manifest.categories.join(','))}</Categories>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(manifest.engines.vscode)}" />
    </Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code" /></Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.License" Path="extension/LICENSE.txt" Addressable="true" />
  </Assets>
</PackageManifest>
`),
  'extension.vsixmanifest',
  { mtime: new Date(0) },
);
zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${[...types].sort().map((t) => `<Default Extension="${t}" ContentType="${t === '.json' ? 'application/json' : t === '.js' ? 'application/javascript' : t === '.md' ? 'text/markdown' : t === '.txt' ? 'text/plain' : 'text/xml'}"/>`).join('')}</Types>\n`), '[Content_Types].xml', { mtime: new Date(0) });
fs.mkdirSync(path.dirname(out), { recursive: true });
zip.outputStream.pipe(fs.createWriteStream(out)).on('close', () => console.log(`packaged ${path.relative(root, out)}`));
zip.end();
