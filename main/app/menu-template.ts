/**
 * The application menu as data (issue 4 item 1). Commands that act on the view are
 * forwarded to the renderer as `menu` events; Open Recent opens a folder directly.
 * Built from plain options so its structure is unit-tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../preload/contract';

/** Commands whose shortcuts the renderer's own key handler implements. */
export const RENDERER_KEYS: ReadonlySet<MenuCommand> = new Set<MenuCommand>(['open-folder', 'undo', 'redo', 'find']);

/** What the menu needs from the app. */
export interface MenuOptions {
  isMac: boolean;
  /** Show developer tools entries (not in packaged builds). */
  isDev: boolean;
  recent: string[];
  layout: 'hierarchical' | 'force';
  theme: 'system' | 'light' | 'dark';
  send: (command: MenuCommand) => void;
  openRecent: (folder: string) => void;
}

/** The menu template for the current state (rebuilt when recents, layout or theme change). */
export function buildMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    // The renderer handles these keys itself (and ignores them while a dialog is open
    // or, for undo, while text is edited); the menu only shows them, so a registered
    // accelerator cannot swallow the keystroke first.
    ...(accelerator && RENDERER_KEYS.has(command) ? { registerAccelerator: false } : {}),
    click: () => o.send(command),
  });
  const radio = (label: string, command: MenuCommand, checked: boolean): MenuItemConstructorOptions => ({ label, type: 'radio', checked, click: () => o.send(command) });

  const recent: MenuItemConstructorOptions[] = o.recent.length
    ? o.recent.map((folder) => ({ label: folder, click: () => o.openRecent(folder) }))
    : [{ label: 'No recent folders', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      item('Open Folder…', 'open-folder', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recent },
      item('Open Sample', 'open-sample'),
      { type: 'separator' },
      {
        label: 'Export',
        submenu: [
          item('PNG Image…', 'export-png'),
          item('SVG Image…', 'export-svg'),
          item('Markdown Write-up…', 'export-md'),
          item('CSV Tables…', 'export-csv'),
          item('JSON Graph…', 'export-json'),
        ],
      },
      ...(o.isMac ? [] : ([{ type: 'separator' }, { label: 'Quit', role: 'quit', accelerator: 'Ctrl+Q' }] satisfies MenuItemConstructorOptions[])),
    ],
  };

  // Undo/redo are the investigation's (manual clears), forwarded so the renderer can
  // let a focused text field handle them itself; cut/copy/paste keep their native roles.
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      item('Undo', 'undo', 'CmdOrCtrl+Z'),
      item('Redo', 'redo', 'Shift+CmdOrCtrl+Z'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      item('Find Function…', 'find', 'CmdOrCtrl+F'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      item('Fit', 'fit', 'CmdOrCtrl+0'),
      item('Zoom In', 'zoom-in', 'CmdOrCtrl+='),
      item('Zoom Out', 'zoom-out', 'CmdOrCtrl+-'),
      { type: 'separator' },
      {
        label: 'Layout',
        submenu: [radio('Hierarchical', 'layout-hierarchical', o.layout === 'hierarchical'), radio('Force', 'layout-force', o.layout === 'force')],
      },
      {
        label: 'Theme',
        submenu: [radio('System', 'theme-system', o.theme === 'system'), radio('Light', 'theme-light', o.theme === 'light'), radio('Dark', 'theme-dark', o.theme === 'dark')],
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(o.isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]) : []),
    ],
  };

  const help: MenuItemConstructorOptions = { label: 'Help', submenu: [item('About Leakscope', 'about')] };

  const macApp: MenuItemConstructorOptions = {
    label: 'Leakscope',
    submenu: [item('About Leakscope', 'about'), { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
  };

  return [...(o.isMac ? [macApp] : []), file, edit, view, help];
}
