/**
 * No import cycles (`npm run lint`). This configuration checks the code that ships, tests left
 * out: no two files import each other, directly or through others, and no two folders do either
 * (e.g. `libs/domain/src/match/` and `libs/domain/src/tie/`). A test may reach into any folder
 * (the test helpers of `libs/domain/src/testing/` play matches and ties alike), so tests are kept
 * out of the folder rule; `.dependency-cruiser.tests.cjs` still checks them for file cycles.
 * Type-only imports count: a cycle of types is still a cycle.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      comment: 'Files that import each other: move what both need to a module below them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Folders that import each other: move what both need to a folder below them.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(dist|node_modules|coverage)/', '\\.spec\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    // Unchanged files are not parsed again (a checksum of each file tells).
    cache: { folder: 'node_modules/.cache/depcruise/code', strategy: 'content' },
  },
};
