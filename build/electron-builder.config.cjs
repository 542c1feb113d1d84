// electron-builder configuration: `npm run dist` builds installers for the current
// OS (Linux AppImage + deb, macOS dmg, Windows nsis) from the esbuild output in dist/.
// Everything the app runs is bundled by esbuild, so only dist/** and package.json
// are packed (no node_modules) and nothing is rebuilt natively (tree-sitter is WASM).
const electronVersion = require('electron/package.json').version;

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.leakscope.app',
  productName: 'Leakscope',
  copyright: 'Copyright © Leakscope contributors',
  // Pinned to the installed electron devDependency so builds are reproducible.
  electronVersion,
  directories: { output: 'release', buildResources: 'build' },
  files: ['dist/**', 'package.json', '!dist/**/*.map', '!**/node_modules/**'],
  asar: true,
  // Worker threads start from real files and the tree-sitter .wasm files are read by path: keep them on disk.
  asarUnpack: ['dist/main/worker.cjs', 'dist/main/engine-worker.cjs', 'dist/wasm/**'],
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  // The bundled sample the app opens on first start (found under process.resourcesPath).
  extraResources: [{ from: 'examples/nswap', to: 'examples/nswap', filter: ['**/*', '!.leakscope/**'] }],
  icon: 'build/icon.png',
  afterPack: './build/after-pack.cjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'build/icon.png',
    synopsis: 'Call-graph visualizer for hunting memory leaks in C',
    executableName: 'leakscope',
  },
  deb: { packageCategory: 'devel', maintainer: 'Leakscope contributors <leakscope@example.invalid>' },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, artifactName: '${productName}-Setup-${version}.${ext}' },
};
