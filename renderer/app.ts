/**
 * The app controller: holds what is shown (snapshot, pass step, scope, grouping,
 * selection, focus, path) and keeps the views in step with it. Views draw and report;
 * graph logic lives in model/; every call across the boundary goes through `api`.
 */
import type { AnalysisView, LeakscopeBridge, ManualClear, MenuCommand, Progress, Result, Snapshot, SuspectDetail } from '../preload/contract';
import { buildElements, dirOf, initialGrouping, type ElementSet, type Grouping } from './model/elements';
import { indexGraph, type GraphIndex } from './model/graph-index';
import { NavHistory } from './model/history';
import { nodeStatus, siteFunctionsLeft, type NodeStatus } from './model/node-status';
import { buildPassSteps, type PassStep } from './model/pass-steps';
import { rowsToCsv, type SiteRow } from './model/sites-table';
import { chainOf, edgeKey, leakRelevant, pathsBetween, rootPath } from './model/walks';
import { openMenu, type MenuItem } from './view/context-menu';
import { askFolder, askNote, hideBanner, modal, showBanner, showProgress } from './view/dialogs';
import { byId, h, replace } from './view/dom';
import { askImageExport, captionedPng } from './view/exporter';
import { BIG_GRAPH, GraphView, type LayoutName } from './view/graph-view';
import { showHelp } from './view/help';
import { renderLegend } from './view/legend';
import { PassPlayer } from './view/pass-player';
import { SearchBox } from './view/search-box';
import { renderFunction, renderGroup, renderOverview, type ClearedBy, type PanelDeps } from './view/side-panel';
import { SitesTableView } from './view/sites-table-view';
import { applyTheme, effectiveTheme, onSystemThemeChange, savedTheme, themeColors, type ThemeChoice } from './view/theme';
import { Toolbar } from './view/toolbar';
import { icon } from './view/icons';

/** Functions above which the app opens to the aggregated (collapsed directories) view. */
const AGGREGATE_ABOVE = 400;

/** The running UI. */
export class App {
  private snapshot: Snapshot | null = null;
  private index: GraphIndex | null = null;
  private steps: PassStep[] = [];
  private scope: 'leak' | 'all' = 'leak';
  private grouping: Grouping = 'none';
  private collapsedByDefault = false;
  private toggled = new Set<string>();
  private layout: LayoutName = 'hierarchical';
  private selected: string | null = null;
  private focusOn: string | null = null;
  private pathEnds: { a: string; b: string } | null = null;
  private markedA: string | null = null;
  private elements: ElementSet | null = null;
  private loadedKey = '';
  private loading: Promise<void> | null = null;
  private readonly history = new NavHistory();
  /** Cumulative milliseconds of the last load's stages, for the benchmark. */
  readonly timings: Record<string, number> = {};
  private readonly sourceCache = new Map<string, Promise<Result<string>>>();
  private clearedBy = new Map<string, ClearedBy>();
  private details = new Map<string, SuspectDetail>();
  private navList: { ids: string[]; at: number } | null = null;
  private readonly graph: GraphView;
  private readonly player: PassPlayer;
  private readonly table: SitesTableView;
  private readonly toolbar: Toolbar;
  private readonly search: SearchBox;
  private readonly panel = byId('panel');

  constructor(private readonly api: LeakscopeBridge) {
    applyTheme(savedTheme());
    this.graph = new GraphView(byId('graph'), {
      select: (id) => this.select(id, { center: false }),
      toggleGroup: (id) => this.toggleGroup(id),
      context: (id, x, y) => this.nodeMenu(id, x, y),
      hover: (id, x, y) => this.tooltip(id, x, y),
    }, themeColors());
    this.player = new PassPlayer(byId('player'), (i, animate) => this.showStep(i, animate));
    this.player.setCaptionSuffix((_s, last) => {
      const n = this.snapshot?.analysis.suspects.length ?? 0;
      return last ? ` · ${n === 0 ? 'no suspects left' : `${n} suspect${n === 1 ? '' : 's'} left`}` : '';
    });
    this.table = new SitesTableView(byId('table'), {
      select: (fn) => this.select(fn, { center: true, reveal: true }),
      context: (siteId, x, y) => this.siteMenu(siteId, x, y),
      exportCsv: (rows) => void this.exportCsv(rows),
      wrappers: (on) => {
        this.showWrappers = on;
        this.table.setRows(this.siteRows(on));
      },
    });
    this.search = new SearchBox((id) => this.select(id, { center: true, reveal: true }));
    this.toolbar = new Toolbar(byId('toolbar'), {
      openFolder: () => void this.openFolder(),
      openSample: () => void this.open(() => this.api.openSample()),
      openRecent: (p) => void this.open(() => this.api.openFolder(p)),
      recent: async () => {
        const r = await this.api.recentFolders();
        return r.ok ? r.value : [];
      },
      scope: (s) => this.setScope(s),
      grouping: (g) => this.setGrouping(g),
      layout: (l) => this.setLayout(l),
      focus: () => this.toggleFocus(),
      paths: () => void this.askPaths(),
      undo: () => void this.undoRedo('undo'),
      redo: () => void this.undoRedo('redo'),
      exportAs: (k) => void this.exportAs(k),
      theme: () => this.cycleTheme(),
      help: () => void showHelp(),
    }, this.search.element);
    renderLegend(byId('legend'), themeColors());
    this.zoomControls();
    this.splitter();
    onSystemThemeChange(() => this.themeChanged());
    api.on('progress', (p) => this.progress(p));
    api.on('changed', (c) => void (c.reason === 'opened' ? this.load() : this.refreshAnalysis()));
    api.on('menu', (m) => this.menu(m));
    window.addEventListener('resize', () => this.graph.resize());
    this.updateToolbar();
    this.updateCrumbs();
  }

  /** First load: the open project, or the empty state. */
  async start(): Promise<void> {
    await this.load();
  }

  // ---- loading -------------------------------------------------------------------

  private load(): Promise<void> {
    this.loading ??= this.doLoad().finally(() => (this.loading = null));
    return this.loading;
  }

  private async doLoad(): Promise<void> {
    const t0 = performance.now();
    const r = await this.api.getSnapshot();
    const snapshotMs = performance.now() - t0;
    if (!r.ok) {
      if (!this.snapshot) this.showEmpty(r.error.code === 'not-found' ? null : r.error.message);
      return;
    }
    const key = `${r.value.project.root}|${r.value.project.durationMs}|${r.value.graph.functions.length}`;
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    const t1 = performance.now();
    this.setSnapshot(r.value);
    // First paint: after the browser has drawn the frame that shows the graph.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    window.leakscopeMarks = { snapshotMs, renderMs: performance.now() - t1, functions: r.value.graph.functions.length, drawn: this.elements?.nodes.length ?? 0 };
    document.body.dataset['ready'] = 'true';
  }

  private setSnapshot(snap: Snapshot): void {
    const t = performance.now();
    this.snapshot = snap;
    this.index = indexGraph(snap.graph, snap.analysis.sites);
    this.timings['index'] = performance.now() - t;
    this.sourceCache.clear();
    this.history.clear();
    this.selected = null;
    this.focusOn = null;
    this.pathEnds = null;
    this.markedA = null;
    this.toggled = new Set();
    const definedFiles = snap.graph.functions.filter((f) => f.kind !== 'external').map((f) => f.file);
    const big = definedFiles.length > AGGREGATE_ABOVE;
    this.grouping = initialGrouping(definedFiles, AGGREGATE_ABOVE);
    this.collapsedByDefault = big;
    // Overviews of big trees are dense graphs of folders: force layout reads (and runs) better there.
    this.layout = big ? 'force' : 'hierarchical';
    this.scope = snap.graph.sites.length > 0 ? 'leak' : 'all';
    this.search.setFunctions(snap.graph.functions.filter((f) => f.kind !== 'external'));
    byId('empty').hidden = true;
    this.setAnalysis(snap.analysis, 'last');
    this.timings['analysis'] = performance.now() - t;
    this.rebuild();
    this.timings['rebuild'] = performance.now() - t;
    this.refreshPanel();
    this.timings['panel'] = performance.now() - t;
    const warn = snap.project.warnings.length;
    if (warn) {
      const first = snap.project.warnings[0];
      const text = first ? `${first.file}: ${first.message}` : '';
      showBanner(`${warn} warning${warn === 1 ? '' : 's'} while indexing — ${text.length > 140 ? `${text.slice(0, 140)}…` : text}`, 'info');
    }
    document.title = `${snap.project.name} — Leakscope`;
  }

  private async refreshAnalysis(): Promise<void> {
    const r = await this.api.getSnapshot();
    if (r.ok && this.snapshot && r.value.project.root === this.snapshot.project.root) this.applyAnalysis(r.value.analysis);
  }

  /** New analysis (manual clear, undo, redo): keep the view, jump to the last step. */
  private applyAnalysis(view: AnalysisView): void {
    if (!this.snapshot) return;
    const sig = (v: AnalysisView): string => JSON.stringify([v.passes.map((p) => [p.name, p.cleared.length]), v.suspects, v.investigation.manual.map((m) => m.id), v.canUndo, v.canRedo]);
    if (sig(view) === sig(this.snapshot.analysis)) return;
    this.snapshot = { ...this.snapshot, analysis: view };
    this.setAnalysis(view, 'last');
    this.applyStep(false);
    this.refreshPanel();
  }

  private setAnalysis(view: AnalysisView, at: 'last' | number): void {
    this.steps = buildPassSteps(view, this.index ? this.index.isPrimitive : undefined);
    this.clearedBy = new Map();
    view.passes.forEach((p, i) => {
      for (const c of p.cleared) if (!this.clearedBy.has(c.site)) this.clearedBy.set(c.site, { passIndex: i + 1, title: p.title, clearing: c });
    });
    this.details = new Map(view.details.map((d) => [d.site, d]));
    this.player.setSteps(this.steps, at === 'last' ? this.steps.length - 1 : at);
    this.updateToolbar();
  }

  private async open(run: () => Promise<Result<unknown>>): Promise<void> {
    hideBanner();
    const r = await run();
    if (!r.ok) {
      showProgress(null, () => undefined);
      if (r.error.code !== 'cancelled') showBanner(r.error.message);
      return;
    }
    await this.load();
  }

  private async openFolder(): Promise<void> {
    let path: string | null = null;
    if (this.api.host === 'electron') {
      const r = await this.api.chooseFolder();
      if (!r.ok) return showBanner(r.error.message);
      path = r.value;
    } else {
      const recent = await this.api.recentFolders();
      path = await askFolder(recent.ok ? recent.value : []);
    }
    if (path) await this.open(() => this.api.openFolder(path as string));
  }

  private progress(p: Progress): void {
    if (p.phase === 'done' || p.phase === 'cancelled' || p.phase === 'error') {
      showProgress(null, () => undefined);
      if (p.phase === 'cancelled') showBanner(p.message, 'info');
      return;
    }
    showProgress(p, () => void this.api.cancel());
  }

  private async showEmpty(error: string | null): Promise<void> {
    const recent = await this.api.recentFolders();
    const list = recent.ok ? recent.value : [];
    replace(
      byId('empty'),
      h(
        'div',
        { class: 'card' },
        h('h1', {}, 'Find the leak in a C project'),
        h('p', {}, 'Leakscope lists every allocation and free, draws who calls whom, and runs elimination passes until only the suspects are left.'),
        error ? h('p', { style: 'color:var(--suspect)' }, error) : null,
        h('div', { class: 'actions' }, h('button', { class: 'btn primary', onclick: () => void this.openFolder() }, 'Open folder…'), h('button', { class: 'btn', onclick: () => void this.open(() => this.api.openSample()) }, 'Open the sample')),
        list.length ? h('div', {}, h('div', { class: 'muted', style: 'text-align:left;margin:6px 8px' }, 'Recent'), h('ul', {}, list.slice(0, 6).map((p) => h('li', {}, h('button', { title: p, onclick: () => void this.open(() => this.api.openFolder(p)) }, p))))) : null,
      ),
    );
    byId('empty').hidden = false;
    replace(
      this.panel,
      h('section', {}, h('h3', {}, 'How it works'), h('ol', { class: 'steps-help' },
        h('li', {}, 'Open a folder of C sources (.c and .h). Indexing runs in the background with a progress bar; re-opening is near-instant from the cache.'),
        h('li', {}, 'Every kmalloc/malloc/… and free becomes a badge on its function in the call graph.'),
        h('li', {}, 'Elimination passes clear what is provably freed; what is left are the suspects.'),
      )),
    );
  }

  // ---- what is drawn -------------------------------------------------------------

  private visibleFunctions(): Set<string> {
    const index = this.index;
    if (!index || !this.snapshot) return new Set();
    let visible: Set<string>;
    if (this.scope === 'leak') visible = leakRelevant(index, this.snapshot.graph.sites.map((s) => s.function));
    else visible = new Set(this.snapshot.graph.functions.filter((f) => f.kind !== 'external').map((f) => f.id));
    if (this.pathEnds) {
      const p = pathsBetween(index, this.pathEnds.a, this.pathEnds.b);
      visible = new Set([...visible, ...p.nodes]);
    }
    if (this.focusOn) {
      const c = chainOf(index, this.focusOn);
      const keep = new Set([...c.up, ...c.down].filter((id) => index.byId.get(id)?.kind !== 'external'));
      visible = keep;
    }
    return visible;
  }

  private rebuild(): void {
    const index = this.index;
    if (!index) return;
    const visible = this.visibleFunctions();
    const t = performance.now();
    this.elements = buildElements(index, visible, { grouping: this.grouping, collapsedByDefault: this.collapsedByDefault, toggled: this.toggled });
    this.timings['elements'] = performance.now() - t;
    this.graph.render(this.elements, this.layout);
    this.timings['render+layout'] = performance.now() - t;
    this.applyStep(false);
    this.timings['step'] = performance.now() - t;
    this.applyHighlight();
    this.timings['highlight'] = performance.now() - t;
    this.fitToWhatMatters();
    this.timings['fit'] = performance.now() - t;
    this.graph.select(this.selected && this.elements.representative.get(this.selected) === this.selected ? this.selected : this.selected?.startsWith('file:') || this.selected?.startsWith('dir:') ? this.selected : null);
    this.timings['select'] = performance.now() - t;
    this.updateToolbar();
    this.timings['toolbar'] = performance.now() - t;
    this.updateCrumbs();
    this.timings['crumbs'] = performance.now() - t;
  }

  /** After a rebuild in the leak view, frame what is still live so it opens at a readable zoom. */
  private fitToWhatMatters(always = false): void {
    if (this.scope !== 'leak' || this.focusOn || this.pathEnds || !this.elements) return;
    const alive = this.elements.nodes.filter((n) => !this.lastGone.has(n.id)).map((n) => n.id);
    if (alive.length > 0 && alive.length < this.elements.nodes.length) this.graph.fit(alive);
    else if (always) this.graph.fit();
  }
  private lastGone = new Set<string>();

  private currentStep(): PassStep | null {
    return this.steps[this.player.step] ?? null;
  }

  private showStep(_i: number, animate: boolean): void {
    this.applyStep(animate);
    this.refreshPanel();
    // Follow what is still live, unless the user is looking at one function or path.
    if (!this.selected) this.fitToWhatMatters(true);
  }

  /** Badges, colours and fading for the current step; counts tween down when animating. */
  private applyStep(animate: boolean): void {
    const index = this.index;
    const step = this.currentStep();
    const els = this.elements;
    if (!index || !step || !els || !this.snapshot) return;
    const status = new Map<string, NodeStatus>();
    for (const n of els.nodes) status.set(n.id, nodeStatus(n.members, index.sitesByFunction, step.state));
    const gone = new Set<string>();
    if (this.scope === 'leak' && !this.focusOn) {
      const alive = leakRelevant(index, siteFunctionsLeft(this.snapshot.graph.sites, step.state));
      for (const n of els.nodes) if (n.members.length && !n.members.some((m) => alive.has(m))) gone.add(n.id);
    }
    this.lastGone = gone;
    if (animate && this.lastStatus) {
      const from = this.lastStatus;
      const frames = 4;
      for (let f = 1; f <= frames; f++) {
        setTimeout(() => {
          if (f === frames) return this.graph.applyStatus(status, gone);
          const mid = new Map<string, NodeStatus>();
          for (const [id, s] of status) {
            const a = from.get(id) ?? s;
            const lerp = (x: number, y: number): number => Math.round(x + ((y - x) * f) / frames);
            mid.set(id, { ...s, allocLeft: lerp(a.allocLeft, s.allocLeft), freeLeft: lerp(a.freeLeft, s.freeLeft), allocState: s.allocLeft === 0 && lerp(a.allocLeft, s.allocLeft) > 0 ? a.allocState : s.allocState, freeState: s.freeLeft === 0 && lerp(a.freeLeft, s.freeLeft) > 0 ? a.freeState : s.freeState });
          }
          this.graph.applyStatus(mid, gone);
        }, (600 / frames) * (f - 1));
      }
    } else this.graph.applyStatus(status, gone);
    this.lastStatus = status;
    this.table.setRows(this.siteRows(this.showWrappers));
    this.table.setSelected(this.selected);
  }
  private lastStatus: Map<string, NodeStatus> | null = null;
  private showWrappers = false;

  /** Table rows at the current step: the allocator calls, plus calls of the project's wrappers when asked. */
  private siteRows(withWrappers: boolean): SiteRow[] {
    const index = this.index;
    const step = this.currentStep();
    if (!index || !step) return [];
    return [...index.siteById.values()]
      .filter((site) => withWrappers || index.isPrimitive(site))
      .map((site) => ({ site, functionName: index.byId.get(site.function)?.name ?? site.function, state: step.state.get(site.id) ?? 'live' }));
  }

  private applyHighlight(): void {
    const index = this.index;
    const els = this.elements;
    if (!index || !els) return;
    const rep = (id: string): string | undefined => els.representative.get(id);
    const mapEdges = (keys: Set<string>): Set<string> => {
      const out = new Set<string>();
      for (const k of keys) {
        const [a, b] = k.split('\u2192') as [string, string];
        const ra = rep(a);
        const rb = rep(b);
        if (ra && rb && ra !== rb) out.add(edgeKey(ra, rb));
      }
      return out;
    };
    const mapNodes = (ids: Iterable<string>): Set<string> => new Set([...ids].map(rep).filter((x): x is string => !!x));
    if (this.pathEnds) {
      const p = pathsBetween(index, this.pathEnds.a, this.pathEnds.b);
      const nodes = mapNodes(p.nodes);
      this.graph.highlight({ up: nodes, down: new Set(), edgesUp: mapEdges(p.edges), edgesDown: new Set(), cls: 'path' });
      return;
    }
    if (this.selected && index.byId.has(this.selected)) {
      const visible = new Set(els.representative.keys());
      const c = chainOf(index, this.selected, visible);
      const upEdges = new Set<string>();
      const downEdges = new Set<string>();
      for (const k of c.edges) {
        const [a, b] = k.split('\u2192') as [string, string];
        if (c.up.has(a) && c.up.has(b)) upEdges.add(k);
        else downEdges.add(k);
      }
      this.graph.highlight({ up: mapNodes(c.up), down: mapNodes(c.down), edgesUp: mapEdges(upEdges), edgesDown: mapEdges(downEdges), cls: 'up' });
      return;
    }
    this.graph.highlight(null);
  }

  // ---- selection and navigation --------------------------------------------------

  /** Select a function or group; `reveal` expands groups and widens the scope so it is drawn. */
  select(id: string | null, opts: { center?: boolean; reveal?: boolean; record?: boolean } = {}): void {
    const index = this.index;
    if (!index) return;
    if (id && index.byId.has(id) && opts.reveal !== false) this.reveal(id);
    this.selected = id;
    if (id && opts.record !== false && !id.startsWith('file:') && !id.startsWith('dir:')) this.history.visit(id);
    const rep = id ? this.elements?.representative.get(id) ?? id : null;
    this.graph.select(rep);
    // Highlight first: centring frames the chain it lights up.
    this.applyHighlight();
    if (rep && opts.center) this.graph.center(rep);
    this.refreshPanel();
    this.table.setSelected(id);
    this.updateCrumbs();
    this.updateToolbar();
  }

  /** Make a function drawn as itself: widen the scope, leave focus, expand its groups. */
  private reveal(id: string): void {
    const fn = this.index?.byId.get(id);
    if (!fn || fn.kind === 'external' || !this.elements) return;
    let changed = false;
    if (!this.elements.representative.has(id)) {
      if (this.focusOn) this.focusOn = null;
      else this.scope = 'all';
      changed = true;
    }
    if (this.grouping !== 'none' && fn.file) {
      const groups = this.grouping === 'directory' ? [`dir:${dirOf(fn.file)}`, `file:${fn.file}`] : [`file:${fn.file}`];
      for (const g of groups) {
        const collapsed = this.collapsedByDefault ? !this.toggled.has(g) : this.toggled.has(g);
        if (collapsed) {
          if (this.collapsedByDefault) this.toggled.add(g);
          else this.toggled.delete(g);
          changed = true;
        }
      }
    }
    if (changed) this.rebuild();
  }

  private refreshPanel(): void {
    const deps = this.panelDeps();
    if (!deps) return;
    const node = this.selected ? this.elements?.nodes.find((n) => n.id === this.selected) : undefined;
    if (this.selected && this.index?.byId.has(this.selected)) renderFunction(this.panel, deps, this.selected);
    else if (node && node.type === 'group') renderGroup(this.panel, deps, node);
    else renderOverview(this.panel, deps);
  }

  private panelDeps(): PanelDeps | null {
    const index = this.index;
    const step = this.currentStep();
    if (!index || !step || !this.snapshot) return null;
    return {
      index,
      step,
      analysis: this.snapshot.analysis,
      project: this.snapshot.project,
      clearedBy: this.clearedBy,
      details: this.details,
      select: (id) => this.select(id, { center: true, reveal: true }),
      clearFunction: (id) => void this.manualClear('function', id, `every site in ${index.byId.get(id)?.name ?? id}()`),
      clearSite: (id) => void this.manualClear('site', id, this.describeSite(id)),
      clearGroup: (n) => void this.manualClear(n.sub === 'dir' ? 'directory' : 'file', n.file, `every site in ${n.label}`),
      toggleGroup: (id) => this.toggleGroup(id),
      removeManual: (id) => void this.mutate(() => this.api.removeManualClear(id)),
      focus: (id) => this.setFocus(id),
      readSource: (file) => {
        let p = this.sourceCache.get(file);
        if (!p) this.sourceCache.set(file, (p = this.api.readSource(file)));
        return p;
      },
    };
  }

  private describeSite(id: string): string {
    const s = this.index?.siteById.get(id);
    return s ? `${s.api} at ${s.file}:${s.line} — ${s.code}` : id;
  }

  /** Expand or collapse a file or directory group. */
  toggleGroup(id: string): void {
    if (this.toggled.has(id)) this.toggled.delete(id);
    else this.toggled.add(id);
    this.rebuild();
    if (this.graph.has(id)) this.graph.center(id);
  }

  private setFocus(id: string | null): void {
    this.focusOn = id;
    if (id) {
      this.pathEnds = null;
      this.selected = id;
    }
    this.rebuild();
    this.refreshPanel();
  }

  private toggleFocus(): void {
    if (this.focusOn) this.setFocus(null);
    else if (this.selected && this.index?.byId.has(this.selected)) this.setFocus(this.selected);
  }

  private setScope(s: 'leak' | 'all'): void {
    if (this.scope === s) return;
    this.scope = s;
    this.focusOn = null;
    this.rebuild();
  }

  private setGrouping(g: Grouping): void {
    if (this.grouping === g) return;
    this.grouping = g;
    this.toggled = new Set();
    const defined = this.snapshot?.graph.functions.filter((f) => f.kind !== 'external').length ?? 0;
    this.collapsedByDefault = defined > AGGREGATE_ABOVE || (this.elements?.nodes.length ?? 0) > BIG_GRAPH;
    this.rebuild();
  }

  private setLayout(l: LayoutName): void {
    this.layout = l;
    this.graph.runLayout(l);
    this.updateToolbar();
  }

  /** Arrow keys: up to callers, down to callees, left/right through the last list. */
  private navigate(key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'): void {
    const index = this.index;
    const els = this.elements;
    if (!index || !els) return;
    if (!this.selected || !index.byId.has(this.selected)) {
      const first = els.nodes.find((n) => n.type === 'function');
      if (first) this.select(first.id, { center: true });
      return;
    }
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      if (!this.navList || this.navList.ids.length < 2) return;
      const n = this.navList.ids.length;
      this.navList.at = (this.navList.at + (key === 'ArrowRight' ? 1 : -1) + n) % n;
      this.select(this.navList.ids[this.navList.at] as string, { center: true });
      return;
    }
    const next = (key === 'ArrowUp' ? index.callers : index.callees).get(this.selected) ?? [];
    const drawn = next.filter((id) => els.representative.has(id)).sort((a, b) => (index.byId.get(a)?.name ?? a).localeCompare(index.byId.get(b)?.name ?? b));
    if (!drawn.length) return;
    this.navList = { ids: drawn, at: 0 };
    this.select(drawn[0] as string, { center: true });
  }

  private back(dir: 'back' | 'forward'): void {
    const id = dir === 'back' ? this.history.back() : this.history.forward();
    if (id) this.select(id, { center: true, reveal: true, record: false });
  }

  private updateCrumbs(): void {
    const el = byId('crumbs');
    const index = this.index;
    const nav = h(
      'span',
      { style: 'display:flex;gap:2px;margin-right:6px' },
      h('button', { class: 'btn icon', title: 'Back (Alt+←)', 'aria-label': 'Back', disabled: !this.history.canBack, onclick: () => this.back('back') }, icon('back')),
      h('button', { class: 'btn icon', title: 'Forward (Alt+→)', 'aria-label': 'Forward', disabled: !this.history.canForward, onclick: () => this.back('forward') }, icon('forward')),
    );
    const mode: (HTMLElement | null)[] = [];
    if (this.pathEnds && index) {
      const a = index.byId.get(this.pathEnds.a)?.name;
      const b = index.byId.get(this.pathEnds.b)?.name;
      const n = pathsBetween(index, this.pathEnds.a, this.pathEnds.b).nodes.size;
      mode.push(h('span', { class: 'chip outline' }, n ? `Paths ${a} → ${b}: ${n} functions` : `${a} never reaches ${b}`), h('button', { class: 'btn', onclick: () => this.clearModes() }, 'Clear'));
    }
    if (this.focusOn && index) mode.push(h('span', { class: 'chip outline' }, `Focus: ${index.byId.get(this.focusOn)?.name}`), h('button', { class: 'btn', onclick: () => this.setFocus(null) }, 'Show all'));
    if (this.markedA && index && !this.pathEnds) mode.push(h('span', { class: 'chip outline' }, `A = ${index.byId.get(this.markedA)?.name}: right-click B`));
    let trail: (HTMLElement | string)[] = [h('span', { class: 'hint' }, this.snapshot ? 'Click a function to see how it is reached; right-click to clear it by hand.' : '')];
    if (index && this.selected && index.byId.has(this.selected)) {
      const path = rootPath(index, this.selected);
      trail = [];
      path.forEach((id, i) => {
        if (i) trail.push(h('span', { class: 'chev' }, '›'));
        trail.push(h('button', { class: `crumb${id === this.selected ? ' current' : ''}`, title: index.byId.get(id)?.file, onclick: () => this.select(id, { center: true, reveal: true }) }, index.byId.get(id)?.name ?? id));
      });
    }
    replace(el, nav, trail, h('span', { class: 'mode' }, mode));
  }

  private clearModes(): void {
    this.pathEnds = null;
    this.focusOn = null;
    this.markedA = null;
    this.rebuild();
    this.refreshPanel();
  }

  private async askPaths(): Promise<void> {
    const index = this.index;
    if (!index) return;
    const names = [...index.byId.values()].filter((f) => f.kind !== 'external');
    const byName = new Map<string, string>();
    for (const f of names) byName.set(f.name, f.id);
    const list = h('datalist', { id: 'fn-names' }, names.slice(0, 20000).map((f) => h('option', { value: f.name })));
    const pick = await modal<{ a: string; b: string }>((close) => {
      const a = h('input', { type: 'text', list: 'fn-names', class: 'mono', 'aria-label': 'From function (A)', placeholder: 'from, e.g. main', value: this.markedA ? index.byId.get(this.markedA)?.name ?? '' : '' });
      const b = h('input', { type: 'text', list: 'fn-names', class: 'mono', 'aria-label': 'To function (B)', placeholder: 'to, e.g. the function with the suspect', value: this.selected && index.byId.has(this.selected) ? index.byId.get(this.selected)?.name ?? '' : '' });
      const err = h('p', { style: 'color:var(--suspect)' });
      const go = (): void => {
        const ia = byName.get(a.value.trim());
        const ib = byName.get(b.value.trim());
        if (!ia || !ib) {
          err.textContent = `No function named ${!ia ? a.value : b.value}`;
          return;
        }
        close({ a: ia, b: ib });
      };
      return [h('h2', {}, 'How does A reach B?'), h('p', {}, 'Every call path from A to B lights up; the rest dims.'), list, h('label', {}, 'A ', a), h('label', {}, 'B ', b), err, h('div', { class: 'buttons' }, h('button', { class: 'btn', type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { class: 'btn primary', type: 'button', onclick: go }, 'Show paths'))];
    });
    if (pick) this.showPaths(pick.a, pick.b);
  }

  private showPaths(a: string, b: string): void {
    this.pathEnds = { a, b };
    this.focusOn = null;
    this.markedA = null;
    this.rebuild();
    const index = this.index;
    if (index && this.elements) {
      const nodes = pathsBetween(index, a, b).nodes;
      this.graph.fit([...nodes].map((n) => this.elements?.representative.get(n)).filter((x): x is string => !!x));
    }
  }

  // ---- manual clears, undo -------------------------------------------------------

  private async manualClear(scope: ManualClear['scope'], target: string, what: string): Promise<void> {
    const note = await askNote('Clear by hand', `Clear ${what}`);
    if (note === null) return;
    await this.mutate(() => this.api.addManualClear(scope, target, note));
  }

  private async mutate(run: () => Promise<Result<AnalysisView>>): Promise<void> {
    const r = await run();
    if (!r.ok) return showBanner(r.error.message);
    this.applyAnalysis(r.value);
  }

  private async undoRedo(which: 'undo' | 'redo'): Promise<void> {
    if (!this.snapshot) return;
    if (which === 'undo' ? !this.snapshot.analysis.canUndo : !this.snapshot.analysis.canRedo) return;
    await this.mutate(() => (which === 'undo' ? this.api.undo() : this.api.redo()));
  }

  private nodeMenu(id: string, x: number, y: number): void {
    const index = this.index;
    if (!index) return;
    const fn = index.byId.get(id);
    const node = this.elements?.nodes.find((n) => n.id === id);
    if (fn) {
      const items: MenuItem[] = [
        { label: 'Show caller chain', run: () => this.select(id, { center: true }) },
        { label: 'Focus on this chain', hint: 'F', run: () => this.setFocus(id) },
        null,
        { label: 'Mark as A (path start)', run: () => { this.markedA = id; this.updateCrumbs(); } },
        { label: this.markedA ? `How does ${index.byId.get(this.markedA)?.name} reach this?` : 'How does A reach this?', disabled: !this.markedA || this.markedA === id, run: () => this.markedA && this.showPaths(this.markedA, id) },
        null,
        { label: 'Clear its sites by hand…', disabled: !(index.sitesByFunction.get(id)?.length), run: () => void this.manualClear('function', id, `every site in ${fn.name}()`) },
      ];
      openMenu(x, y, fn.name, items);
    } else if (node) {
      openMenu(x, y, node.label, [
        { label: node.collapsed ? 'Expand' : 'Collapse', hint: 'Enter', run: () => this.toggleGroup(id) },
        { label: `Clear every site in this ${node.sub === 'dir' ? 'folder' : 'file'} by hand…`, run: () => void this.manualClear(node.sub === 'dir' ? 'directory' : 'file', node.file, `every site in ${node.label}`) },
      ]);
    }
  }

  private siteMenu(siteId: string, x: number, y: number): void {
    const s = this.index?.siteById.get(siteId);
    if (!s) return;
    const state = this.currentStep()?.state.get(siteId);
    openMenu(x, y, `${s.file}:${s.line}`, [
      { label: 'Show in graph', run: () => this.select(s.function, { center: true, reveal: true }) },
      { label: 'Clear this site by hand…', disabled: state === 'cleared', run: () => void this.manualClear('site', siteId, this.describeSite(siteId)) },
      { label: 'Clear the whole function by hand…', run: () => void this.manualClear('function', s.function, `every site in ${this.index?.byId.get(s.function)?.name}()`) },
    ]);
  }

  private tooltipEl = byId('tooltip');

  private tooltip(id: string | null, x: number, y: number): void {
    const tip = this.tooltipEl;
    const index = this.index;
    const step = this.currentStep();
    if (!id || !index || !step) {
      tip.hidden = true;
      return;
    }
    const node = this.elements?.nodes.find((n) => n.id === id);
    if (!node) return;
    const st = nodeStatus(node.members, index.sitesByFunction, step.state);
    const fn = index.byId.get(id);
    const counts = st.allocTotal + st.freeTotal ? `${st.allocLeft} of ${st.allocTotal} allocations and ${st.freeLeft} of ${st.freeTotal} frees left` : 'no allocations or frees';
    replace(
      tip,
      h('b', {}, fn ? fn.name : node.label),
      h('div', { class: 'muted' }, fn ? `${fn.file}:${fn.line}${fn.kind === 'macro' ? ' · macro' : ''}` : `${node.members.length} functions · double-click to ${node.collapsed ? 'expand' : 'collapse'}`),
      h('div', {}, counts, st.state === 'suspect' ? h('b', { style: 'color:var(--suspect)' }, ' · suspect') : null),
      fn ? h('div', { class: 'muted' }, `${index.callers.get(id)?.length ?? 0} callers · ${index.callees.get(id)?.length ?? 0} callees`) : null,
    );
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    tip.style.left = `${Math.min(x + 14, window.innerWidth - r.width - 8)}px`;
    tip.style.top = `${Math.min(y + 14, window.innerHeight - r.height - 8)}px`;
  }

  // ---- exports -------------------------------------------------------------------

  private caption(stepIndex: number): { title: string; subtitle: string } {
    const step = this.steps[stepIndex];
    const name = this.snapshot?.project.name ?? 'Leakscope';
    const counts = (step?.counts ?? []).slice(0, 3).map((c) => `${c.family}: ${c.allocs} allocations / ${c.frees} frees left`).join(' · ');
    return { title: `${name} — ${step?.caption ?? ''}`, subtitle: counts };
  }

  private fileBase(): string {
    return (this.snapshot?.project.name ?? 'leakscope').replace(/[^\w.-]+/g, '_');
  }

  private async save(kind: 'png' | 'svg' | 'md' | 'csv' | 'json', name: string, data: string, files?: { name: string; base64: string }[]): Promise<void> {
    const r = await this.api.saveExport(kind, name, data, files);
    if (!r.ok) return showBanner(r.error.message);
    if (r.value) showBanner(`Saved ${r.value}${files?.length ? ` and ${files.length} snapshot${files.length === 1 ? '' : 's'}` : ''}`, 'info');
  }

  private async exportAs(kind: 'png' | 'svg' | 'md' | 'csv' | 'json'): Promise<void> {
    if (!this.snapshot || !this.index) return showBanner('Open a folder first.');
    try {
      const base = this.fileBase();
      const colors = themeColors();
      if (kind === 'png' || kind === 'svg') {
        const c = await askImageExport(kind);
        if (!c) return;
        if (kind === 'png') {
          const data = await captionedPng(this.graph, colors, this.caption(this.player.step), c.full, c.scale, c.transparent);
          await this.save('png', `${base}-pass-${this.player.step}.png`, data);
        } else {
          await this.save('svg', `${base}-pass-${this.player.step}.svg`, this.graph.svg({ full: c.full, scale: 1, background: c.transparent ? null : colors.bg }));
        }
      } else if (kind === 'md') {
        await this.exportWriteup();
      } else if (kind === 'csv') {
        await this.exportCsv(null);
      } else {
        await this.save('json', `${base}-graph.json`, JSON.stringify({ functions: this.snapshot.graph.functions, calls: this.snapshot.graph.calls, sites: this.snapshot.graph.sites }, null, 2) + '\n');
      }
    } catch (err) {
      showBanner(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async exportCsv(rows: SiteRow[] | null): Promise<void> {
    if (!this.snapshot) return;
    const all = rows ?? this.siteRows(this.showWrappers);
    await this.save('csv', `${this.fileBase()}-sites.csv`, rowsToCsv(all));
  }

  /** The write-up with one PNG per pass: replay each step without animation and snapshot the whole graph. */
  private async exportWriteup(): Promise<void> {
    const r = await this.api.getWriteup();
    if (!r.ok) return showBanner(r.error.message);
    const md = r.value;
    const wanted = new Set<number>();
    for (const m of md.matchAll(/pass-(\d+)\.png/g)) wanted.add(Number(m[1]));
    if (wanted.size === 0) this.steps.forEach((s) => wanted.add(s.index));
    const back = this.player.step;
    const colors = themeColors();
    const files: { name: string; base64: string }[] = [];
    showBanner('Rendering one snapshot per pass…', 'info');
    for (const i of [...wanted].sort((a, b) => a - b)) {
      if (i >= this.steps.length) continue;
      this.player.go(i, false);
      this.applyStep(false);
      await new Promise((res) => setTimeout(res, 650));
      files.push({ name: `pass-${i}.png`, base64: await captionedPng(this.graph, colors, this.caption(i), true, 2, false) });
    }
    this.player.go(back, false);
    this.applyStep(false);
    await this.save('md', `${this.fileBase()}-leak-writeup.md`, md, files);
  }

  // ---- chrome --------------------------------------------------------------------

  private cycleTheme(): void {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    const cur = savedTheme();
    // From system, go to the opposite of what shows so the first press visibly switches.
    const next = cur === 'system' ? (effectiveTheme() === 'dark' ? 'light' : 'dark') : (order[(order.indexOf(cur) + 1) % order.length] as ThemeChoice);
    this.setTheme(next);
  }

  private setTheme(t: ThemeChoice): void {
    applyTheme(t);
    this.themeChanged();
  }

  private themeChanged(): void {
    const colors = themeColors();
    this.graph.setColors(colors);
    renderLegend(byId('legend'), colors);
    this.lastStatus = null;
    this.applyStep(false);
    this.updateToolbar();
  }

  private updateToolbar(): void {
    const s = this.snapshot;
    const fns = s ? s.graph.functions.filter((f) => f.kind !== 'external').length : 0;
    this.toolbar.update({
      // Suspects first: the summary is cut from the end when the toolbar is narrow.
      project: s ? { name: s.project.name, detail: `${s.analysis.suspects.length} suspect${s.analysis.suspects.length === 1 ? '' : 's'} · ${fns.toLocaleString()} functions · ${s.project.files.toLocaleString()} files` } : null,
      scope: this.scope,
      grouping: this.grouping,
      layout: this.layout,
      focus: !!this.focusOn,
      canFocus: !!this.selected && !!this.index?.byId.has(this.selected),
      canUndo: !!s?.analysis.canUndo,
      canRedo: !!s?.analysis.canRedo,
      theme: savedTheme(),
    });
  }

  private zoomControls(): void {
    replace(
      byId('zoom'),
      h('button', { class: 'btn icon', title: 'Zoom in (+)', 'aria-label': 'Zoom in', onclick: () => this.graph.zoomBy(1.25) }, icon('plus')),
      h('button', { class: 'btn icon', title: 'Zoom out (−)', 'aria-label': 'Zoom out', onclick: () => this.graph.zoomBy(0.8) }, icon('minus')),
      h('button', { class: 'btn icon', title: 'Fit (0)', 'aria-label': 'Fit to window', onclick: () => this.graph.fit() }, icon('fit')),
    );
    // A mouse click leaves no focus behind: else the next shortcut key would light a focus ring on the button.
    byId('zoom').onclick = (e: MouseEvent): void => {
      if (e.detail > 0 && e.target instanceof Element) e.target.closest('button')?.blur();
    };
  }

  private splitter(): void {
    const bar = byId('splitter');
    const saved = Number(localStorage.getItem('leakscope.panel'));
    if (saved > 200) document.documentElement.style.setProperty('--panel-w', `${saved}px`);
    bar.addEventListener('pointerdown', (e) => {
      bar.setPointerCapture(e.pointerId);
      const move = (ev: PointerEvent): void => {
        const w = Math.max(260, Math.min(window.innerWidth - 320, window.innerWidth - ev.clientX));
        document.documentElement.style.setProperty('--panel-w', `${w}px`);
        localStorage.setItem('leakscope.panel', String(w));
        this.graph.resize();
      };
      const up = (): void => {
        bar.removeEventListener('pointermove', move);
        bar.removeEventListener('pointerup', up);
      };
      bar.addEventListener('pointermove', move);
      bar.addEventListener('pointerup', up);
    });
  }

  /**
   * Read-only view of what is drawn, for the e2e tests and the benchmark (the graph is a
   * canvas, so its nodes cannot be queried from the DOM).
   */
  inspect(): { step: number; steps: number; selected: string | null; nodes: { id: string; label: string; type: string; allocLeft: number; freeLeft: number; state: string; classes: string[] }[]; suspects: string[] } {
    const index = this.index;
    const step = this.currentStep();
    const cy = this.graph.core;
    const nodes = (this.elements?.nodes ?? []).map((n) => {
      const st = index && step ? nodeStatus(n.members, index.sitesByFunction, step.state) : null;
      const el = cy?.getElementById(n.id);
      return { id: n.id, label: n.label, type: n.type, allocLeft: st?.allocLeft ?? 0, freeLeft: st?.freeLeft ?? 0, state: st?.state ?? 'none', classes: el && el.nonempty() ? el.classes() : [] };
    });
    return { step: this.player.step, steps: this.steps.length, selected: this.selected, nodes, suspects: this.snapshot?.analysis.suspects ?? [] };
  }

  /** Client coordinates of a drawn node, for tests that click the canvas. */
  nodePosition(id: string): { x: number; y: number } | null {
    return this.graph.clientPosition(this.elements?.representative.get(id) ?? id);
  }

  /** Native menu commands (Electron) and their keyboard twins. */
  menu(m: MenuCommand): void {
    switch (m) {
      case 'open-folder': return void this.openFolder();
      case 'open-sample': return void this.open(() => this.api.openSample());
      case 'export-png': return void this.exportAs('png');
      case 'export-svg': return void this.exportAs('svg');
      case 'export-md': return void this.exportAs('md');
      case 'export-csv': return void this.exportAs('csv');
      case 'export-json': return void this.exportAs('json');
      case 'fit': return this.graph.fit();
      case 'zoom-in': return this.graph.zoomBy(1.25);
      case 'zoom-out': return this.graph.zoomBy(0.8);
      case 'layout-hierarchical': return this.setLayout('hierarchical');
      case 'layout-force': return this.setLayout('force');
      case 'theme-system': return this.setTheme('system');
      case 'theme-light': return this.setTheme('light');
      case 'theme-dark': return this.setTheme('dark');
      case 'find': return this.search.focus();
      case 'undo': return void this.undoRedo('undo');
      case 'redo': return void this.undoRedo('redo');
      case 'about': return void modal<null>((close) => [h('h2', {}, 'Leakscope'), h('p', {}, 'A call-graph visualizer for hunting memory leaks in C.'), h('div', { class: 'buttons' }, h('button', { class: 'btn primary', type: 'button', onclick: () => close(null) }, 'Close'))]);
    }
  }

  /** Keyboard shortcuts; returns true when the key was used. */
  key(e: KeyboardEvent): boolean {
    const mod = e.ctrlKey || e.metaKey;
    const k = e.key;
    if (mod && !e.altKey) {
      const lower = k.toLowerCase();
      if (lower === 'o') return this.menu('open-folder'), true;
      if (lower === 'f') return this.search.focus(), true;
      if (lower === 'z' && e.shiftKey) return void this.undoRedo('redo'), true;
      if (lower === 'z') return void this.undoRedo('undo'), true;
      if (lower === 'y') return void this.undoRedo('redo'), true;
      return false;
    }
    if (e.altKey && (k === 'ArrowLeft' || k === 'ArrowRight')) return this.back(k === 'ArrowLeft' ? 'back' : 'forward'), true;
    if (e.altKey || mod) return false;
    switch (k) {
      case 'ArrowUp': case 'ArrowDown': case 'ArrowLeft': case 'ArrowRight': this.navigate(k); return true;
      case 'Escape': this.pathEnds = null; this.markedA = null; this.focusOn = null; this.select(null); this.rebuild(); return true;
      case 'Enter': if (this.selected && (this.selected.startsWith('file:') || this.selected.startsWith('dir:'))) this.toggleGroup(this.selected); return true;
      case 'f': case 'F': this.toggleFocus(); return true;
      case 'p': case 'P': void this.askPaths(); return true;
      case ' ': this.player.togglePlay(); return true;
      case '.': this.player.stepBy(1); return true;
      case ',': this.player.stepBy(-1); return true;
      case 'Home': this.player.go(0, false); return true;
      case 'End': this.player.go(this.steps.length - 1, false); return true;
      case 'l': case 'L': this.setScope(this.scope === 'leak' ? 'all' : 'leak'); return true;
      case 'g': case 'G': this.setGrouping(this.grouping === 'none' ? 'file' : this.grouping === 'file' ? 'directory' : 'none'); return true;
      case 'h': case 'H': this.setLayout('hierarchical'); return true;
      case 'r': case 'R': this.setLayout('force'); return true;
      case '0': this.graph.fit(); return true;
      case '+': case '=': this.graph.zoomBy(1.25); return true;
      case '-': this.graph.zoomBy(0.8); return true;
      case 't': case 'T': this.table.toggle(); setTimeout(() => this.graph.resize(), 0); return true;
      case 'd': case 'D': this.setTheme(effectiveTheme() === 'dark' ? 'light' : 'dark'); return true;
      case '?': void showHelp(); return true;
      default: return false;
    }
  }
}
