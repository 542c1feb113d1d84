/**
 * Electron main process entry (bundled to dist/main/app.cjs). Glue only: one
 * instance, a hardened window, the menu, native dialogs and IPC, all over the same
 * API object browser mode uses. On start it opens the folder given on the command
 * line, else the most recent one, else the bundled sample.
 */
import { app, BrowserWindow, Menu, nativeTheme } from 'electron';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuCommand } from '../../preload/contract';
import { eventChannel } from '../../preload/ipc-names';
import { createApi, type LeakscopeService } from '../api/api';
import { createWorkerEngine } from '../api/worker-engine';
import { findSampleFolder } from '../api/locations';
import { chooseFolder, chooseSavePath } from './dialogs';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu-template';
import { hardenSession } from './security';
import { createMainWindow, windowBounds, type AppFiles } from './window';

// dist/main/app.cjs → dist/renderer, dist/preload (inside app.asar when packaged).
const files: AppFiles = {
  indexHtml: path.join(__dirname, '..', 'renderer', 'index.html'),
  preload: path.join(__dirname, '..', 'preload', 'preload.cjs'),
  // Dev only: packaged builds take the icon from electron-builder's resources.
  icon: path.join(__dirname, '..', '..', 'build', 'icon.png'),
};
if (!existsSync(files.icon!)) delete files.icon;

let win: BrowserWindow | null = null;
let api: LeakscopeService;
let layout: 'hierarchical' | 'force' = 'hierarchical';
let theme: 'system' | 'light' | 'dark' = 'system';

/** The first argument that is an existing folder (skipping Electron and, in dev, the app path). */
function folderFromArgs(argv: string[], cwd: string): string | null {
  for (const arg of argv.slice(app.isPackaged ? 1 : 2)) {
    if (arg.startsWith('-')) continue;
    const candidate = path.resolve(cwd, arg);
    try {
      if (statSync(candidate).isDirectory()) return candidate;
    } catch {
      // not a folder: ignore (Electron and Chromium add their own arguments)
    }
  }
  return null;
}

function send(command: MenuCommand): void {
  if (command === 'layout-hierarchical' || command === 'layout-force') layout = command === 'layout-force' ? 'force' : 'hierarchical';
  if (command === 'theme-system' || command === 'theme-light' || command === 'theme-dark') {
    theme = command.slice('theme-'.length) as typeof theme;
    nativeTheme.themeSource = theme;
  }
  api.events.emit('menu', command);
  if (command.startsWith('layout-') || command.startsWith('theme-')) refreshMenu();
}

function refreshMenu(): void {
  const template = buildMenuTemplate({
    isMac: process.platform === 'darwin',
    isDev: !app.isPackaged,
    recent: api.userState.recent,
    layout,
    theme,
    send,
    openRecent: (folder) => void api.openFolder(folder),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function openWindow(initialFolder: string | null): void {
  const window = createMainWindow(files, api.userState.bounds);
  win = window;
  window.on('close', () => api.userState.setBoundsSync(windowBounds(window)));
  window.on('closed', () => {
    if (win === window) win = null;
  });
  void window.loadFile(files.indexHtml).then(() => {
    if (api.openRoot) return;
    const recent = api.userState.recent.find((folder) => existsSync(folder));
    void api.openFolder(initialFolder ?? recent ?? findSampleFolder());
  });
}

async function start(): Promise<void> {
  hardenSession();
  api = createApi({
    engine: createWorkerEngine(),
    configDir: app.getPath('userData'),
    samplePath: findSampleFolder(app.isPackaged ? process.resourcesPath : undefined),
    chooseFolder: () => chooseFolder(win, api.openRoot ?? os.homedir()),
    chooseSavePath: (kind, name) => chooseSavePath(win, kind, name, app.getPath('documents')),
  });
  for (const event of ['progress', 'changed', 'menu'] as const) {
    api.events.on(event, (payload) => {
      if (win && !win.isDestroyed()) win.webContents.send(eventChannel(event), payload);
    });
  }
  api.events.on('changed', ({ reason }) => {
    if (reason === 'opened') {
      refreshMenu();
      if (win && api.openRoot) win.setTitle(`${path.basename(api.openRoot)} — Leakscope`);
    }
  });
  registerIpc(api, files.indexHtml);
  refreshMenu();
  openWindow(folderFromArgs(process.argv, process.cwd()));
}

// Tests (test/e2e/electron.spec.ts) point the app at a throwaway profile.
if (process.env.LEAKSCOPE_USER_DATA) app.setPath('userData', path.resolve(process.env.LEAKSCOPE_USER_DATA));
// Every renderer is sandboxed, whatever a window's own options say.
app.enableSandbox();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
    const folder = folderFromArgs(argv, cwd);
    if (folder) void api.openFolder(folder);
  });
  app.on('will-quit', () => api?.close());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(null);
  });
  app.whenReady().then(start, (err: unknown) => {
    process.stderr.write(`leakscope: could not start: ${String(err)}\n`);
    app.exit(1);
  });
}
