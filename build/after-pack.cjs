// electron-builder afterPack hook: flips Electron's fuses in the packaged binary
// before it is signed and wrapped into AppImage/deb/dmg/nsis. Fuses are compiled-in
// switches; turning these off removes ways to run the shipped binary as a plain
// Node.js or to inject code (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect), and
// makes Electron load the app only from the (integrity-checked) app.asar.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, by option name (exported for the configuration test). */
const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: true,
};

/** Path of the packaged Electron executable for a platform. */
function executablePath(appOutDir, platform, productFilename, executableName) {
  if (platform === 'darwin' || platform === 'mas') return path.join(appOutDir, `${productFilename}.app`, 'Contents', 'MacOS', productFilename);
  if (platform === 'win32') return path.join(appOutDir, `${productFilename}.exe`);
  return path.join(appOutDir, executableName);
}

/** The fuse wire config for @electron/fuses, strict so a new fuse in a future Electron must be decided on. */
function fuseConfig(platform, arch) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: true };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  // Flipping fuses invalidates an ad-hoc signature on Apple silicon; reset it.
  if (platform === 'darwin' && arch === 'arm64') config.resetAdHocDarwinSignature = true;
  return config;
}

/** The hook electron-builder calls with the packed (unsigned) app. */
async function afterPack(context) {
  const platform = context.electronPlatformName;
  // builder-util's Arch enum: 1 = x64, 3 = arm64.
  const arch = context.arch === 3 ? 'arm64' : 'x64';
  const { productFilename } = context.packager.appInfo;
  const executable = executablePath(context.appOutDir, platform, productFilename, context.packager.executableName);
  await flipFuses(executable, fuseConfig(platform, arch));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.executablePath = executablePath;
