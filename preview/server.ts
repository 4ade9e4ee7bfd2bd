/**
 * `npm run preview`: builds the package's LWC bundles with LWC OSS once, then serves the "Card Exchange" app
 * shell, SLDS, and the in-memory backend that answers the bundles' Apex calls (`POST /preview/reset` restores its
 * seed; with `{ "canManage": false }` the preview's user lacks the Manage Cardbridge setup permission).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { PreviewBackend } from './backend/preview-backend';
import { loadPreviewOrg } from './backend/preview-org';
import { searchSampleRecords } from './backend/sample-records';
import { buildPreview, type PreviewBuild } from './build/bundle-build';
import { loadLabelTable, type LabelTable } from './source/custom-labels';
import { loadLightningTabs } from './source/lightning-tabs';
import { loadBundleFixtures, scanLwcBundles, type LwcBundle } from './source/lwc-bundles';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_DIR = path.join(ROOT, 'force-app', 'main', 'default');
const SLDS_ASSETS = path.join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const CACHE_DIR = path.join(ROOT, '.tmp', 'preview-build');

export interface PreviewServer {
  url: string;
  build: PreviewBuild;
  backend: PreviewBackend;
  close(): Promise<void>;
}

export interface PreviewServerOptions {
  port?: number;
  packageDir?: string;
  log?: (message: string) => void;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Same inputs, same bundle: a hash of every file the build reads lets a restart skip the ~25 s rollup run. */
function buildKey(packageDir: string): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(path.join(packageDir, 'lwc')).filter((file) => !file.includes(`${path.sep}__tests__${path.sep}`)),
    ...filesUnder(path.join(packageDir, 'labels')),
    ...filesUnder(path.join(packageDir, 'translations')),
    ...filesUnder(path.join(packageDir, 'tabs')),
    ...filesUnder(path.join(packageDir, 'flexipages')),
    ...filesUnder(path.join(__dirname, 'client')),
    ...filesUnder(path.join(__dirname, 'build')),
    path.join(ROOT, 'package-lock.json')
  ];
  for (const file of inputs.sort()) {
    hash.update(path.relative(ROOT, file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function cachedBuild(bundles: LwcBundle[], labels: LabelTable, packageDir: string): Promise<PreviewBuild> {
  const cacheFile = path.join(CACHE_DIR, `${buildKey(packageDir)}.json`);
  if (existsSync(cacheFile)) {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as PreviewBuild;
  }
  const build = await buildPreview({ bundles, labels, lightningTabs: loadLightningTabs(packageDir) });
  mkdirSync(CACHE_DIR, { recursive: true });
  // Older builds are of no further use; write-then-rename so a concurrent start never reads half a file.
  for (const stale of readdirSync(CACHE_DIR)) {
    rmSync(path.join(CACHE_DIR, stale), { force: true });
  }
  const partial = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(build));
  renameSync(partial, cacheFile);
  return build;
}

function shellPage(lang: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>Card Exchange preview</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<link rel="stylesheet" href="/preview/shell.css">
</head>
<body>
<div id="preview-root" class="preview-root"></div>
<script src="/preview/app.js"></script>
</body>
</html>`;
}

export async function startPreviewServer(options: PreviewServerOptions = {}): Promise<PreviewServer> {
  const packageDir = options.packageDir ?? PACKAGE_DIR;
  const log = options.log ?? (() => undefined);
  const bundles = scanLwcBundles(path.join(packageDir, 'lwc'));
  const labels = loadLabelTable(packageDir);
  // Reads the org description and the Apex mapping constants; a renamed constant stops the start here.
  const backend = new PreviewBackend(loadBundleFixtures(bundles), loadPreviewOrg(packageDir));
  const missing = bundles.flatMap((bundle) => bundle.apexMethods).filter((name) => !backend.knows(name));
  if (missing.length > 0) {
    log(`No preview handler for ${missing.join(', ')}: answered from fixtures where one matches.`);
  }
  const build = await cachedBuild(bundles, labels, packageDir);
  build.warnings.forEach((warning) => log(`build: ${warning}`));

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.get('/', (request, response) => {
    const lang =
      typeof request.query.lang === 'string' && labels.languages.includes(request.query.lang)
        ? request.query.lang
        : 'en';
    response.type('html').send(shellPage(lang));
  });
  app.get('/preview/app.js', (_request, response) => {
    response.type('application/javascript').send(build.code);
  });
  app.get('/preview/shell.css', (_request, response) => {
    response.sendFile(path.join(__dirname, 'client', 'shell', 'shell.css'));
  });
  app.use('/assets', express.static(SLDS_ASSETS, { maxAge: '1h' }));
  app.post('/preview/apex/:name', (request, response) => {
    const outcome = backend.call(request.params.name, (request.body ?? {}) as Record<string, unknown>);
    if (outcome.ok) {
      response.json({ result: outcome.result });
    } else {
      response.status(outcome.error.status).json(outcome.error.toBody());
    }
  });
  app.post('/preview/records/search', (request, response) => {
    const body = (request.body ?? {}) as { objectApiName?: unknown; term?: unknown };
    response.json(searchSampleRecords(String(body.objectApiName ?? ''), String(body.term ?? '')));
  });
  app.post('/preview/reset', (request, response) => {
    const { canManage } = (request.body ?? {}) as { canManage?: unknown };
    backend.reset(typeof canManage === 'boolean' ? { canManage } : {});
    response.status(204).end();
  });

  // A body that is not JSON gets the platform's error shape, not express's HTML page with a stack trace.
  app.use((error: unknown, _request: express.Request, response: express.Response, next: express.NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: number }).status ?? 500;
    response
      .status(status)
      .json({ message: status === 400 ? 'The request body is not valid JSON.' : 'Preview server error.' });
  });

  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    build,
    backend,
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  };
}

if (require.main === module) {
  const port = Number(process.env.PREVIEW_PORT ?? process.env.PORT ?? 8788);
  const started = Date.now();
  console.log('Building the LWC bundles with LWC OSS...');
  startPreviewServer({ port, log: (message) => console.log(message) })
    .then((preview) => {
      console.log(`Card Exchange preview ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${preview.url}`);
      console.log(`Tabs: ${preview.build.tabs.map((tab) => tab.label).join(', ')}. French: ${preview.url}/?lang=fr`);
      const stop = () => void preview.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
