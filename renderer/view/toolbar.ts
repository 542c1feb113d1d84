/**
 * The toolbar: open (folder, sample, recent), what to show (leak paths or everything),
 * grouping, layout, focus and paths, search, undo/redo, export, theme and help. It
 * only draws and reports; the app decides.
 */
import type { Grouping } from '../model/elements';
import type { LayoutName } from './graph-view';
import type { ThemeChoice } from './theme';
import { h, keyLabel, replace } from './dom';
import { icon } from './icons';

/** Commands the toolbar can issue. */
export interface ToolbarHandlers {
  openFolder(): void;
  openSample(): void;
  openRecent(path: string): void;
  recent(): Promise<string[]>;
  scope(s: 'leak' | 'all'): void;
  grouping(g: Grouping): void;
  layout(l: LayoutName): void;
  focus(): void;
  paths(): void;
  undo(): void;
  redo(): void;
  exportAs(kind: 'png' | 'svg' | 'md' | 'csv' | 'json'): void;
  theme(): void;
  help(): void;
}

/** State the toolbar reflects. */
export interface ToolbarState {
  project: { name: string; detail: string } | null;
  scope: 'leak' | 'all';
  grouping: Grouping;
  layout: LayoutName;
  focus: boolean;
  canFocus: boolean;
  canUndo: boolean;
  canRedo: boolean;
  theme: ThemeChoice;
}

const LOGO = 'M9 2a7 7 0 1 0 4.4 12.4l5.1 5.1 1.4-1.4-5.1-5.1A7 7 0 0 0 9 2zm0 2a5 5 0 1 1 0 10A5 5 0 0 1 9 4zm0 1.6c-.3.9-1.8 2.4-1.8 3.9a1.8 1.8 0 0 0 3.6 0c0-1.5-1.5-3-1.8-3.9z';

function logo(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('viewBox', '0 0 22 22');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', LOGO);
  p.setAttribute('fill', 'var(--accent)');
  svg.append(p);
  return svg;
}

/** The toolbar view. */
export class Toolbar {
  private readonly project = h('div', { class: 'project' });
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private openDropdown: HTMLElement | null = null;

  constructor(root: HTMLElement, private readonly handlers: ToolbarHandlers, search: HTMLElement) {
    const b = (key: string, label: string | SVGElement, title: string, run: () => void, cls = 'btn'): HTMLButtonElement => {
      const el = h('button', { class: cls, title, 'aria-label': title, 'data-cmd': key, onclick: run }, label);
      this.buttons.set(key, el);
      return el;
    };
    const seg = (label: string, items: [string, string, string, () => void][]): HTMLElement =>
      h('div', { style: 'display:flex;align-items:center;gap:4px;flex:none' }, h('div', { class: 'seg', role: 'group', 'aria-label': label }, items.map(([key, text, title, run]) => {
        const el = h('button', { title, 'aria-pressed': 'false', 'data-cmd': key, onclick: run }, text);
        this.buttons.set(key, el);
        return el;
      })));
    replace(
      root,
      h('div', { class: 'brand' }, logo(), 'Leakscope'),
      this.dropdown('Open', `Open a folder (${keyLabel('O')})`, async () => {
        const recent = await this.handlers.recent();
        return [
          ['Open folder…', keyLabel('O'), () => this.handlers.openFolder()],
          ['Open sample (nswap)', '', () => this.handlers.openSample()],
          ...(recent.length ? [null] : []),
          ...recent.slice(0, 8).map((r): [string, string, () => void] => [r, '', () => this.handlers.openRecent(r)]),
        ];
      }, 'btn primary'),
      this.project,
      h('div', { class: 'sep' }),
      seg('Show', [
        ['scope-leak', 'Leak paths', 'Functions with allocations or frees and their callers (L)', () => this.handlers.scope('leak')],
        ['scope-all', 'All', 'Every function (L)', () => this.handlers.scope('all')],
      ]),
      seg('Group', [
        ['group-none', 'No groups', 'No grouping (G)', () => this.handlers.grouping('none')],
        ['group-file', 'Files', 'Group functions by file (G)', () => this.handlers.grouping('file')],
        ['group-directory', 'Folders', 'Group by folder, then file (G)', () => this.handlers.grouping('directory')],
      ]),
      seg('Layout', [
        ['layout-hierarchical', 'Tree', 'Hierarchical layout: callers above callees (H)', () => this.handlers.layout('hierarchical')],
        ['layout-force', 'Force', 'Force-directed overview (R)', () => this.handlers.layout('force')],
      ]),
      b('focus', 'Focus', 'Show only the selected function\'s chain (F)', () => this.handlers.focus()),
      b('paths', 'A → B', 'How does A reach B? Highlight every call path (P)', () => this.handlers.paths()),
      h('div', { class: 'spacer' }),
      search,
      b('undo', icon('undo'), `Undo (${keyLabel('Z')})`, () => this.handlers.undo(), 'btn icon'),
      b('redo', icon('redo'), `Redo (${keyLabel('Z', true)})`, () => this.handlers.redo(), 'btn icon'),
      this.dropdown('Export', 'Export pictures and tables', async () => [
        ['PNG image…', '', () => this.handlers.exportAs('png')],
        ['SVG image…', '', () => this.handlers.exportAs('svg')],
        ['Markdown write-up', '', () => this.handlers.exportAs('md')],
        null,
        ['Sites table (CSV)', '', () => this.handlers.exportAs('csv')],
        ['Graph (JSON)', '', () => this.handlers.exportAs('json')],
      ]),
      b('theme', icon('theme'), 'Theme: system / light / dark (D)', () => this.handlers.theme(), 'btn icon'),
      b('help', '?', 'Keyboard shortcuts (?)', () => this.handlers.help(), 'btn icon'),
    );
  }

  private dropdown(label: string, title: string, items: () => Promise<([string, string, () => void] | null)[]>, cls = 'btn'): HTMLElement {
    const wrap = h('div', { class: 'menu-wrap' });
    const button = h('button', { class: cls, title, 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'data-cmd': `menu-${label.toLowerCase()}` }, label, ' ▾');
    const close = (): void => {
      this.openDropdown?.remove();
      this.openDropdown = null;
      button.setAttribute('aria-expanded', 'false');
      document.removeEventListener('mousedown', outside, true);
    };
    const outside = (e: MouseEvent): void => {
      if (!wrap.contains(e.target as Node)) close();
    };
    button.addEventListener('click', async () => {
      if (this.openDropdown) return close();
      const list = h('div', { class: 'dropdown', role: 'menu' });
      for (const item of await items()) {
        if (!item) {
          list.append(h('hr'));
          continue;
        }
        const [text, hint, run] = item;
        list.append(h('button', { role: 'menuitem', title: text, onclick: () => { close(); run(); } }, h('span', { style: 'overflow:hidden;text-overflow:ellipsis;max-width:340px' }, text), hint ? h('span', { class: 'k' }, hint) : null));
      }
      list.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { close(); button.focus(); }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const all = [...list.querySelectorAll<HTMLElement>('button')];
          const i = all.indexOf(document.activeElement as HTMLElement);
          all[(i + (e.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length]?.focus();
        }
      });
      wrap.append(list);
      // Fixed to the viewport: the toolbar scrolls horizontally on narrow windows and would clip an absolute menu.
      const r = button.getBoundingClientRect();
      list.style.position = 'fixed';
      list.style.top = `${r.bottom + 4}px`;
      if (label === 'Export') { list.style.right = `${Math.max(8, window.innerWidth - r.right)}px`; list.style.left = 'auto'; }
      else { list.style.left = `${r.left}px`; list.style.right = 'auto'; }
      this.openDropdown = list;
      button.setAttribute('aria-expanded', 'true');
      list.querySelector<HTMLElement>('button')?.focus();
      document.addEventListener('mousedown', outside, true);
    });
    wrap.append(button);
    return wrap;
  }

  /** Reflect the app state. */
  update(s: ToolbarState): void {
    replace(this.project, s.project ? [h('b', { title: s.project.name }, s.project.name), h('span', { title: s.project.detail }, s.project.detail)] : [h('b', {}, 'No folder open'), h('span', {}, 'Open a C project to begin')]);
    const press = (key: string, on: boolean): void => this.buttons.get(key)?.setAttribute('aria-pressed', on ? 'true' : 'false');
    press('scope-leak', s.scope === 'leak');
    press('scope-all', s.scope === 'all');
    for (const g of ['none', 'file', 'directory']) press(`group-${g}`, s.grouping === g);
    press('layout-hierarchical', s.layout === 'hierarchical');
    press('layout-force', s.layout === 'force');
    const focus = this.buttons.get('focus');
    if (focus) {
      focus.classList.toggle('on', s.focus);
      focus.disabled = !s.canFocus && !s.focus;
      focus.setAttribute('aria-pressed', s.focus ? 'true' : 'false');
    }
    const undo = this.buttons.get('undo');
    if (undo) undo.disabled = !s.canUndo;
    const redo = this.buttons.get('redo');
    if (redo) redo.disabled = !s.canRedo;
    const theme = this.buttons.get('theme');
    if (theme) theme.title = `Theme: ${s.theme} (D to switch)`;
  }
}
