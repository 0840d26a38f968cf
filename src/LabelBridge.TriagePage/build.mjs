// Bundles the triage page into the Host project's Web/TriagePage/dist, which the Host embeds and serves at /triage.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../LabelBridge.Host/Web/TriagePage/dist');

await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, 'assets'), { recursive: true });

const result = await build({
  entryPoints: [path.join(here, 'src/main.js'), path.join(here, 'src/styles.css')],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});

const assetOf = (entry) => {
  const output = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === `src/${entry}`);
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return `assets/${path.basename(output[0])}`;
};

const html = (await readFile(path.join(here, 'src/index.html'), 'utf8'))
  .replace('{{script}}', assetOf('main.js'))
  .replace('{{styles}}', assetOf('styles.css'));
await writeFile(path.join(dist, 'index.html'), html);
console.log(`triage page: ${path.relative(process.cwd(), dist)} (${assetOf('main.js')}, ${assetOf('styles.css')})`);
