import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMenuTemplate, type MenuOptions } from '../../../main/app/menu-template';
import { isRendererUrl } from '../../../main/app/renderer-url';
import type { MenuCommand } from '../../../preload/contract';

/** One menu item as the template builds it (typed without importing electron in a test). */
type MenuItemConstructorOptions = ReturnType<typeof buildMenuTemplate>[number];

function template(overrides: Partial<MenuOptions> = {}) {
  const sent: MenuCommand[] = [];
  const opened: string[] = [];
  const menu = buildMenuTemplate({ isMac: false, isDev: false, recent: ['/src/a', '/src/b'], layout: 'hierarchical', theme: 'system', send: (c) => sent.push(c), openRecent: (f) => opened.push(f), ...overrides });
  return { menu, sent, opened };
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  assert.ok(item && Array.isArray(item.submenu), `${item?.label} has no submenu`);
  return item.submenu as MenuItemConstructorOptions[];
}

const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

test('the menu has File, Edit, View and Help with the issue’s commands', () => {
  const { menu, sent, opened } = template();
  assert.deepEqual(menu.map((m) => m.label), ['File', 'Edit', 'View', 'Help']);
  const file = submenu(menu[0]);
  assert.deepEqual(file.filter((i) => i.label).map((i) => i.label), ['Open Folder…', 'Open Recent', 'Open Sample', 'Export', 'Quit']);
  assert.equal(find(file, 'Open Folder…')?.accelerator, 'CmdOrCtrl+O');
  assert.equal(find(file, 'Quit')?.role, 'quit');

  for (const item of submenu(find(file, 'Export'))) click(item);
  click(find(file, 'Open Folder…'));
  click(find(file, 'Open Sample'));
  for (const item of submenu(find(file, 'Open Recent'))) click(item);
  const view = submenu(menu[2]);
  for (const label of ['Fit', 'Zoom In', 'Zoom Out']) click(find(view, label));
  for (const item of [...submenu(find(view, 'Layout')), ...submenu(find(view, 'Theme'))]) click(item);
  click(submenu(menu[3])[0]);
  assert.deepEqual(sent, ['export-png', 'export-svg', 'export-md', 'export-csv', 'export-json', 'open-folder', 'open-sample', 'fit', 'zoom-in', 'zoom-out', 'layout-hierarchical', 'layout-force', 'theme-system', 'theme-light', 'theme-dark', 'about']);
  assert.deepEqual(opened, ['/src/a', '/src/b']);
});

test('shortcuts the renderer handles are shown but not registered; view shortcuts are', () => {
  const { menu } = template();
  const all = menu.flatMap((m) => submenu(m));
  const registered = (label: string) => {
    const item = all.find((i) => i.label === label);
    assert.ok(item?.accelerator, `${label} has a shortcut`);
    return item.registerAccelerator !== false;
  };
  assert.deepEqual(['Open Folder…', 'Undo', 'Redo', 'Find Function…'].map(registered), [false, false, false, false]);
  assert.deepEqual(['Fit', 'Zoom In', 'Zoom Out'].map(registered), [true, true, true]);
});

test('radio items reflect the current layout and theme; recents fall back to a disabled line', () => {
  const { menu } = template({ layout: 'force', theme: 'dark', recent: [] });
  const view = submenu(menu[2]);
  assert.deepEqual(submenu(find(view, 'Layout')).map((i) => i.checked), [false, true]);
  assert.deepEqual(submenu(find(view, 'Theme')).map((i) => i.checked), [false, false, true]);
  const recent = submenu(find(submenu(menu[0]), 'Open Recent'));
  assert.deepEqual(recent.map((i) => [i.label, i.enabled]), [['No recent folders', false]]);
  assert.equal(view.some((i) => i.role === 'toggleDevTools'), false);
});

test('macOS gets the app menu first and no Quit under File; dev builds get dev tools', () => {
  const { menu } = template({ isMac: true, isDev: true });
  assert.deepEqual(menu.map((m) => m.label), ['Leakscope', 'File', 'Edit', 'View', 'Help']);
  assert.equal(submenu(menu[1]).some((i) => i.role === 'quit'), false);
  assert.equal(submenu(menu[0]).some((i) => i.role === 'quit'), true);
  assert.equal(submenu(menu[3]).some((i) => i.role === 'toggleDevTools'), true);
});

test('only our own renderer page passes the IPC sender check', () => {
  const index = '/opt/Leakscope/resources/app.asar/dist/renderer/index.html';
  assert.equal(isRendererUrl('file:///opt/Leakscope/resources/app.asar/dist/renderer/index.html', index), true);
  assert.equal(isRendererUrl('file:///opt/Leakscope/resources/app.asar/dist/renderer/index.html#pass-2', index), true);
  assert.equal(isRendererUrl('file:///opt/Leakscope/resources/app.asar/dist/renderer/other.html', index), false);
  assert.equal(isRendererUrl('file:///tmp/index.html', index), false);
  assert.equal(isRendererUrl('https://evil.example/opt/Leakscope/resources/app.asar/dist/renderer/index.html', index), false);
  assert.equal(isRendererUrl('not a url', index), false);
});
