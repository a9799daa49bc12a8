// Bundles the playground into the gateway's package data (gateway/plugins/playground/static/),
// then writes manifest.json: the sha256 of every source (src/, this file, package.json, the
// lockfile) and of every output, so a test can tell when the committed bundle is stale.
//   node build.mjs [--out DIR]      (make playground)
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const flag = process.argv.indexOf('--out');
const out = flag > 0 ? process.argv[flag + 1] : join(here, '..', 'gateway', 'plugins', 'playground', 'static');

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: ['es2022'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  absWorkingDir: here,
};

const files = (dir) =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const table = (paths, root) => Object.fromEntries(paths.map((p) => [relative(root, p).split('\\').join('/'), sha256(p)]));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({
  ...common,
  entryPoints: { playground: 'src/index.jsx' },
  outdir: out,
  format: 'esm',
  jsx: 'automatic',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
  assetNames: '[name]-[hash]',
});
await esbuild.build({
  ...common,
  entryPoints: {
    'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
    'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
    'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
  },
  outdir: out,
  format: 'iife',
});
const sources = [
  ...files(join(here, 'src')),
  join(here, 'build.mjs'),
  join(here, 'package.json'),
  join(here, 'package-lock.json'),
];
const outputs = files(out).filter((p) => !p.endsWith('manifest.json'));
const manifest = { sources: table(sources, here), outputs: table(outputs, out) };
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
for (const [name] of Object.entries(manifest.outputs)) {
  console.log(`${name}\t${statSync(join(out, name)).size}`);
}
