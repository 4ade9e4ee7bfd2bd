#!/usr/bin/env node
// `npm run build [-- --out-dir <dir>]`: compiles the relay (webhook-relay/src) to JavaScript in dist/, with the
// files it reads at run time next to the code (the console's browser script). Production runs `node dist/cli/main.js serve`: no
// TypeScript loader at run time.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'webhook-relay', 'src');
const outArg = process.argv.indexOf('--out-dir');
const out = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'dist');

rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
  {
    cwd: root,
    stdio: 'inherit'
  }
);
if (tsc.status !== 0) {
  console.error('build: tsc failed');
  process.exit(tsc.status ?? 1);
}

// Every file of the source tree that is not TypeScript is an asset the code reads: copy it to the same place.
function copyAssets(dir) {
  let copied = 0;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      copied += copyAssets(full);
    } else if (!entry.endsWith('.ts')) {
      cpSync(full, path.join(out, path.relative(source, full)));
      copied += 1;
    }
  }
  return copied;
}
const assets = copyAssets(source);
if (!existsSync(path.join(out, 'cli', 'main.js'))) {
  console.error(`build: ${out}/cli/main.js is missing`);
  process.exit(1);
}
console.log(
  `build: ${path.relative(process.cwd(), out) || '.'} compiled from webhook-relay/src (${assets} asset file(s) copied)`
);
