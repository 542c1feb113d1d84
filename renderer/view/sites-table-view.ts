/**
 * The sites table drawer: the seed's columns (File | Function | Line | Code) plus kind
 * and state; click a header to sort, type to filter, tick states to narrow; a row click
 * selects its function in the graph; right click offers a manual clear.
 */
import { queryRows, stateLabel, type SiteColumn, type SiteRow, type TableQuery } from '../model/sites-table';
import type { SiteState } from '../model/pass-steps';
import { h, replace } from './dom';

/** What the table reports back. */
export interface TableHandlers {
  select(functionId: string, siteId: string): void;
  context(siteId: string, x: number, y: number): void;
  exportCsv(rows: SiteRow[]): void;
  /** Include calls of the project's own allocator wrappers (ht_create…) or not. */
  wrappers(on: boolean): void;
}

const COLUMNS: [SiteColumn, string][] = [
  ['file', 'File'],
  ['function', 'Function'],
  ['line', 'Line'],
  ['code', 'Code'],
  ['kind', 'Kind'],
  ['state', 'State'],
];

/** Rows drawn at a time. */
const ROW_PAGE = 300;

/** The table view. */
export class SitesTableView {
  private rows: SiteRow[] = [];
  private query: TableQuery = { sortBy: 'state', descending: false, text: '', states: new Set(), kind: 'all' };
  private selectedFunction: string | null = null;
  private limit = ROW_PAGE;
  private readonly body = h('tbody');
  private readonly head = h('tr');
  private readonly count = h('span', { class: 'muted' });
  private readonly scroll = h('div', { class: 'table-scroll' });

  constructor(private readonly root: HTMLElement, private readonly handlers: TableHandlers) {
    const filter = h('input', { type: 'search', placeholder: 'Filter sites…', 'aria-label': 'Filter sites' });
    filter.addEventListener('input', () => {
      this.query = { ...this.query, text: filter.value };
      this.draw();
    });
    const stateBox = (state: SiteState, label: string): HTMLElement => {
      const box = h('input', { type: 'checkbox' });
      box.addEventListener('change', () => {
        const states = new Set(this.query.states);
        if (box.checked) states.add(state);
        else states.delete(state);
        this.query = { ...this.query, states };
        this.draw();
      });
      return h('label', {}, box, label);
    };
    const kind = h('select', { 'aria-label': 'Kind' }, h('option', { value: 'all' }, 'Allocs and frees'), h('option', { value: 'alloc' }, 'Allocations'), h('option', { value: 'free' }, 'Frees'));
    kind.addEventListener('change', () => {
      this.query = { ...this.query, kind: kind.value as TableQuery['kind'] };
      this.draw();
    });
    const wrappers = h('input', { type: 'checkbox' });
    wrappers.addEventListener('change', () => this.handlers.wrappers(wrappers.checked));
    const toggle = h('button', { class: 'btn icon', title: 'Show or hide the table (T)', 'aria-label': 'Show or hide the sites table' }, '▾');
    toggle.addEventListener('click', () => this.toggle());
    for (const [col, label] of COLUMNS) {
      const th = h('th', { scope: 'col', tabindex: 0, 'data-col': col }, label);
      const sort = (): void => {
        this.query = { ...this.query, sortBy: col, descending: this.query.sortBy === col ? !this.query.descending : false };
        this.draw();
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          sort();
        }
      });
      this.head.append(th);
    }
    replace(
      root,
      h('div', { class: 'table-bar' }, toggle, h('span', { class: 'title' }, 'Allocation and free sites'), this.count, h('span', { class: 'spacer' }), filter, kind, stateBox('suspect', 'Suspects'), stateBox('live', 'Live'), stateBox('cleared', 'Cleared'), h('label', { title: 'Also list calls of functions the passes found to allocate or free (derived wrappers such as ht_create)' }, wrappers, 'Wrapper calls'), h('button', { class: 'btn', onclick: () => this.handlers.exportCsv(queryRows(this.rows, this.query)) }, 'CSV')),
      this.scroll,
    );
    this.scroll.append(h('table', { class: 'sites' }, h('thead', {}, this.head), this.body));
  }

  /** Show or hide the rows. */
  toggle(): void {
    this.root.classList.toggle('collapsed');
  }

  /** New rows (a new project or pass step). */
  setRows(rows: SiteRow[]): void {
    this.rows = rows;
    this.draw();
  }

  /** Highlight the rows of the selected function and scroll the first into view. */
  setSelected(functionId: string | null): void {
    this.selectedFunction = functionId;
    let first: HTMLElement | null = null;
    for (const tr of this.body.querySelectorAll<HTMLElement>('tr')) {
      const on = tr.dataset['fn'] === functionId;
      tr.classList.toggle('sel', on);
      if (on && !first) first = tr;
    }
    first?.scrollIntoView({ block: 'nearest' });
  }

  private draw(): void {
    const shown = queryRows(this.rows, this.query);
    for (const th of this.head.querySelectorAll<HTMLElement>('th')) {
      th.setAttribute('aria-sort', th.dataset['col'] === this.query.sortBy ? (this.query.descending ? 'descending' : 'ascending') : 'none');
    }
    this.count.textContent = `${shown.length} of ${this.rows.length}`;
    // A few hundred rows at a time: a table of every site in a kernel subsystem would make each layout pass slow.
    const trs = shown.slice(0, this.limit).map((r) => {
      const label = stateLabel(r, this.rows);
      const tr = h(
        'tr',
        { class: `${r.state}${r.site.function === this.selectedFunction ? ' sel' : ''}`, 'data-fn': r.site.function, 'data-site': r.site.id, tabindex: 0 },
        h('td', {}, r.site.file),
        h('td', { class: 'fn' }, r.functionName),
        h('td', { class: 'num' }, String(r.site.line)),
        h('td', { class: 'code', title: r.site.code }, r.site.code),
        h('td', {}, r.site.kind),
        h('td', {}, h('span', { class: `chip ${r.state === 'live' && r.site.kind === 'free' ? 'free' : r.state}`, title: label.tip }, label.text)),
      );
      tr.addEventListener('click', () => this.handlers.select(r.site.function, r.site.id));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') this.handlers.select(r.site.function, r.site.id);
      });
      tr.addEventListener('contextmenu', (e) => {
        e.preventDefault();
        this.handlers.context(r.site.id, e.clientX, e.clientY);
      });
      return tr;
    });
    if (shown.length > this.limit) {
      const more = h('button', { class: 'btn', onclick: () => { this.limit += ROW_PAGE; this.draw(); } }, `Show ${Math.min(ROW_PAGE, shown.length - this.limit)} more`);
      trs.push(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, `Showing ${this.limit.toLocaleString()} of ${shown.length.toLocaleString()} — filter to narrow, or `, more)));
    }
    replace(this.body, trs);
  }
}
