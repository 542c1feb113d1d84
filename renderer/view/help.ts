/**
 * The keyboard shortcut list, shown by `?` and used by the toolbar titles, so the
 * overlay and the actual bindings are written once.
 */
import { h, keyLabel } from './dom';
import { modal } from './dialogs';

/** Shortcut rows: keys and what they do. */
export const SHORTCUTS: [string, string][] = [
  [keyLabel('O'), 'Open a folder'],
  [keyLabel('F'), 'Find a function'],
  [keyLabel('Z'), 'Undo a manual clear'],
  [keyLabel('Z', true), 'Redo'],
  ['Alt+← / Alt+→', 'Back / forward through selections'],
  ['↑ / ↓', 'Go to a caller / a callee'],
  ['← / →', 'Previous / next caller or callee'],
  ['Enter', 'Expand or collapse the selected group'],
  ['Esc', 'Clear the selection, focus and path'],
  ['F', 'Focus on the selected chain'],
  ['P', 'How does A reach B? (paths)'],
  ['Space', 'Play / pause the passes'],
  [', / .', 'Step the passes back / forward'],
  ['Home / End', 'First / last pass'],
  ['L', 'Leak paths ↔ whole graph'],
  ['G', 'Group: none → file → directory'],
  ['H / R', 'Hierarchical / force layout'],
  ['0  + / −', 'Fit / zoom in / zoom out'],
  ['T', 'Show or hide the sites table'],
  ['D', 'Light ↔ dark theme'],
  ['?', 'This help'],
];

/** Show the shortcut overlay. */
export function showHelp(): Promise<null> {
  return modal<null>((close) => [
    h('h2', {}, 'Keyboard shortcuts'),
    h('div', { class: 'help-grid' }, SHORTCUTS.map(([k, what]) => h('div', {}, h('span', {}, what), h('kbd', {}, k)))),
    h('p', {}, 'Right-click a function or a table row to clear it by hand with a note. Double-click a file or directory box to expand it.'),
    h('div', { class: 'buttons' }, h('button', { class: 'btn primary', type: 'button', onclick: () => close(null) }, 'Close')),
  ], 'help');
}
