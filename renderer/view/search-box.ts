/**
 * The search box (Ctrl/Cmd+F): fuzzy matches function names as you type, arrow keys
 * move through the results, Enter selects and centres the function.
 */
import type { FunctionNode } from '../../preload/model';
import { fuzzySearch } from '../model/fuzzy';
import { h, keyLabel, replace } from './dom';

/** The search box view. */
export class SearchBox {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly results = h('div', { class: 'search-results', role: 'listbox', hidden: true });
  private functions: FunctionNode[] = [];
  private hits: FunctionNode[] = [];
  private active = 0;

  constructor(private readonly onPick: (id: string) => void) {
    this.input = h('input', { type: 'search', placeholder: `Find function  (${keyLabel('F')})`, 'aria-label': 'Find function', role: 'combobox', 'aria-expanded': 'false', spellcheck: 'false' });
    const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    icon.setAttribute('width', '14');
    icon.setAttribute('height', '14');
    icon.setAttribute('viewBox', '0 0 16 16');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M7 2a5 5 0 1 0 3.2 8.9l3.4 3.4 1.1-1.1-3.4-3.4A5 5 0 0 0 7 2zm0 1.6a3.4 3.4 0 1 1 0 6.8 3.4 3.4 0 0 1 0-6.8z');
    path.setAttribute('fill', 'currentColor');
    icon.append(path);
    this.element = h('div', { class: 'search' }, icon, this.input, this.results);
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    this.input.addEventListener('focus', () => this.update());
  }

  /** Functions that can be found. */
  setFunctions(fns: FunctionNode[]): void {
    this.functions = fns;
  }

  /** Focus the box and select its text. */
  focus(): void {
    this.input.focus();
    this.input.select();
  }

  private update(): void {
    const q = this.input.value;
    if (!q.trim()) return this.close();
    const found = fuzzySearch(q, this.functions, (f) => f.name, 30);
    this.hits = found.map((f) => f.item);
    this.active = 0;
    replace(
      this.results,
      found.length === 0
        ? h('div', { class: 'muted', style: 'padding:6px 8px' }, 'No function matches')
        : found.map(({ item, match }, i) => {
            const name = [...item.name].map((ch, k) => (match.positions.includes(k) ? h('mark', {}, ch) : ch));
            const b = h('button', { role: 'option', 'aria-selected': i === 0 ? 'true' : 'false', class: 'mono', onmousedown: (e: Event) => e.preventDefault(), onclick: () => this.pick(i) }, h('span', {}, name), h('small', {}, item.file || 'external'));
            return b;
          }),
    );
    this.results.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.hits.length) return;
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + this.hits.length) % this.hits.length;
      this.results.querySelectorAll('button').forEach((b, i) => {
        b.setAttribute('aria-selected', i === this.active ? 'true' : 'false');
        if (i === this.active) b.scrollIntoView({ block: 'nearest' });
      });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.pick(this.active);
    } else if (e.key === 'Escape') {
      this.input.value = '';
      this.close();
      this.input.blur();
    }
  }

  private pick(i: number): void {
    const fn = this.hits[i];
    if (!fn) return;
    this.close();
    this.input.blur();
    this.onPick(fn.id);
  }

  private close(): void {
    this.results.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
  }
}
