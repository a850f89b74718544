/**
 * The package's public entries: the name of each built entry (`dist/<name>.js`,
 * `dist/<name>.d.ts`) and its source. tsup builds them and the API report
 * (test/build/api-report.test.ts) lists their exports; package.json maps
 * subpaths to the built files.
 */
export const ENTRIES = {
  index: 'src/index.ts',
  browser: 'src/browser.ts',
  lite: 'src/lite.ts',
  lean: 'src/lean.ts',
  testing: 'src/testing/index.ts',
  analysis: 'src/analysis/index.ts',
  collector: 'src/collector/index.ts',
  protocol: 'src/protocol.ts',
  pipeline: 'src/pipeline.ts',
  evaluation: 'src/evaluation.ts',
  openfeature: 'src/openfeature/index.ts',
  react: 'src/react/index.ts',
} as const;
