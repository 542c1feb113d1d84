/** The main window: hardened web preferences and remembered, on-screen bounds. */
import { BrowserWindow, nativeTheme, screen } from 'electron';
import type { WindowBounds } from '../api/user-state';

const DEFAULT_SIZE = { width: 1400, height: 900 };

/** Paths of the built renderer and preload. */
export interface AppFiles {
  indexHtml: string;
  preload: string;
  icon?: string;
}

/** True when at least a corner of the saved bounds is on a connected display. */
function visibleOnSomeDisplay(b: WindowBounds): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) => b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y);
}

/** Creates the hardened main window at the saved bounds (or centred), not yet loaded. */
export function createMainWindow(files: AppFiles, saved: WindowBounds | undefined): BrowserWindow {
  const bounds = saved && visibleOnSomeDisplay(saved) ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : DEFAULT_SIZE;
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Leakscope',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    ...(files.icon ? { icon: files.icon } : {}),
    webPreferences: {
      preload: files.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Current bounds to remember (the normal bounds when maximised, so restore works). */
export function windowBounds(win: BrowserWindow): WindowBounds {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}
