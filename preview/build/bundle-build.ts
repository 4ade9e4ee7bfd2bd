/**
 * Builds the preview's browser bundle with LWC OSS: the package's LWC bundles (as `c/<name>`), the
 * lightning-base-components, the platform shims and the app shell, in one rollup run held in memory.
 */
import path from 'node:path';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { rollup, type RollupLog } from 'rollup';
import type { LabelTable } from '../source/custom-labels';
import type { LwcBundle } from '../source/lwc-bundles';
import { platformModules } from './platform-modules';
import { previewTabs, type PreviewTab } from './preview-tabs';

export interface PreviewBuild {
  code: string;
  tabs: PreviewTab[];
  warnings: string[];
  millis: number;
}

export interface PreviewBuildInput {
  bundles: LwcBundle[];
  labels: LabelTable;
  /** Per bundle, the package's Lightning tabs that show it (source/lightning-tabs.ts). */
  lightningTabs?: Record<string, string[]>;
  /** development keeps LWC's runtime checks and readable errors; production is faster. */
  mode?: 'development' | 'production';
}

const CLIENT_ENTRY = path.resolve(__dirname, '..', 'client', 'main.js');
/** Stand-ins for base components lightning-base-components lacks (see preview/README.md). */
const SHIM_COMPONENTS = path.resolve(__dirname, '..', 'client', 'modules');
const ROOT = path.resolve(__dirname, '..', '..');

export async function buildPreview({
  bundles,
  labels,
  lightningTabs = {},
  mode = 'development'
}: PreviewBuildInput): Promise<PreviewBuild> {
  const started = Date.now();
  const tabs = previewTabs(bundles, lightningTabs);
  const warnings: string[] = [];
  const unresolved: string[] = [];
  const build = await rollup({
    input: CLIENT_ENTRY,
    onwarn(warning: RollupLog) {
      // Circular imports inside lightning-base-components are theirs, not ours.
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') {
        return;
      }
      if (warning.code === 'UNRESOLVED_IMPORT') {
        unresolved.push(
          `${warning.exporter ?? warning.message} (imported by ${path.relative(ROOT, warning.id ?? '?')})`
        );
        return;
      }
      // Template lint notes inside lightning-base-components are not ours to fix.
      if (warning.id && warning.id.includes(`${path.sep}node_modules${path.sep}`)) {
        return;
      }
      warnings.push(warning.message);
    },
    plugins: [
      platformModules({ labels, tabs }),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify(mode), 'import.meta.env.SSR': 'false' }
      }),
      lwc({
        rootDir: path.dirname(CLIENT_ENTRY),
        modules: [
          ...bundles.map((bundle) => ({ name: `c/${bundle.name}`, path: bundle.entry })),
          { dir: SHIM_COMPONENTS },
          { npm: 'lightning-base-components' }
        ],
        enableDynamicComponents: true,
        // lightning-combobox uses ElementInternals; Lightning Experience polyfills it under synthetic shadow too.
        enableSyntheticElementInternals: true
      })
    ]
  });
  if (unresolved.length > 0) {
    await build.close();
    throw new Error(
      `The preview cannot provide these modules; add a shim in preview/client (see preview/README.md):\n  ${unresolved.join('\n  ')}`
    );
  }
  try {
    const { output } = await build.generate({
      format: 'iife',
      name: 'cardbridgePreview',
      sourcemap: false,
      inlineDynamicImports: true
    });
    const [chunk] = output;
    return { code: chunk.code, tabs, warnings, millis: Date.now() - started };
  } finally {
    await build.close();
  }
}

export { ROOT as PREVIEW_REPO_ROOT };
