/**
 * The pass player: a timeline with one card per step (start, then each pass with what
 * is left), play/pause and step buttons, a caption saying what the current step
 * cleared, and the running counts per family ("kmalloc 19/22 → 12/14 → 8/11").
 */
import type { PassStep } from '../model/pass-steps';
import { h, replace } from './dom';
import { icon } from './icons';

/** Time per step while playing: the fade takes 600 ms, then a pause to read the caption. */
export const STEP_MS = 1600;

/** The player view; the app owns the step number and is told when the user changes it. */
export class PassPlayer {
  private steps: PassStep[] = [];
  private current = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private suffix: (step: PassStep, last: boolean) => string = () => '';
  private readonly caption = h('div', { class: 'caption', 'aria-live': 'polite', 'data-testid': 'pass-caption' });
  private readonly counts = h('div', { class: 'counts', 'data-testid': 'pass-counts' });
  private readonly timeline = h('div', { class: 'timeline', role: 'tablist', 'aria-label': 'Passes' });
  private readonly playBtn = h('button', { class: 'btn icon', title: 'Play the passes (Space)', 'aria-label': 'Play', 'data-testid': 'play' }, icon('play'));

  constructor(root: HTMLElement, private readonly onStep: (index: number, animate: boolean) => void) {
    const btn = (name: string, title: string, fn: () => void): HTMLElement => h('button', { class: 'btn icon', title, 'aria-label': title, onclick: fn }, icon(name));
    this.playBtn.addEventListener('click', () => this.togglePlay());
    replace(
      root,
      h('div', { class: 'controls' }, btn('first', 'First step (Home)', () => this.go(0, false)), btn('prev', 'Step back (,)', () => this.stepBy(-1)), this.playBtn, btn('next', 'Step forward (.)', () => this.stepBy(1)), btn('last', 'Last step (End)', () => this.go(this.steps.length - 1, false))),
      h('div', { class: 'top' }, this.caption, this.counts),
      this.timeline,
    );
  }

  /** Extra words for the caption (e.g. how many suspects are left at the end). */
  setCaptionSuffix(fn: (step: PassStep, last: boolean) => string): void {
    this.suffix = fn;
  }

  /** New timeline; shows `at`. */
  setSteps(steps: PassStep[], at: number): void {
    this.pause();
    this.steps = steps;
    this.current = at;
    replace(
      this.timeline,
      steps.map((s) => {
        const main = s.counts[0];
        const noOp = s.index > 0 && s.clearedNow.length === 0;
        const label = s.index === 0 ? 'Start' : `Pass ${s.index}`;
        const left = main ? `${main.allocs}/${main.frees}` : '';
        // The chip is small; its tooltip carries the whole title, what the pass did and what is left.
        const what = s.index === 0 ? s.caption.replace(/^Start — /, '') : s.caption.slice(s.caption.indexOf(': ') + 2);
        const leftText = main ? `${main.family}: ${main.allocs} allocations, ${main.frees} frees left` : '';
        return h(
          'button',
          { role: 'tab', 'data-step': s.index, title: [`${label} — ${s.title}`, what, leftText].filter(Boolean).join('\n'), 'aria-label': `${label}: ${s.index === 0 ? s.title : s.spoken}; ${what}`, class: noOp ? 'no-op' : '', onclick: () => this.go(s.index, Math.abs(s.index - this.current) === 1) },
          h('span', { class: 'n' }, label),
          h('span', { class: 'c' }, left),
        );
      }),
    );
    this.show();
  }

  /** The step shown. */
  get step(): number {
    return this.current;
  }

  /** Whether playback is running. */
  get playing(): boolean {
    return this.timer !== null;
  }

  /** Go to a step; `animate` fades what it clears. */
  go(index: number, animate: boolean): void {
    const next = Math.max(0, Math.min(this.steps.length - 1, index));
    if (next === this.current && !animate) return;
    this.current = next;
    this.show();
    this.onStep(next, animate);
  }

  /** Move one step. */
  stepBy(delta: number): void {
    this.pause();
    this.go(this.current + delta, true);
  }

  /** Play from the start (or from here when paused midway); pause when playing. */
  togglePlay(): void {
    if (this.timer) return this.pause();
    if (this.current >= this.steps.length - 1) this.go(0, false);
    this.playBtn.replaceChildren(icon('pause'));
    this.playBtn.setAttribute('aria-label', 'Pause');
    // Passes that cleared nothing get a short beat so playback keeps its rhythm on what matters.
    const tick = (): void => {
      if (this.current >= this.steps.length - 1) return this.pause();
      this.go(this.current + 1, true);
      if (this.current >= this.steps.length - 1) return this.pause();
      const next = this.steps[this.current + 1];
      this.timer = setTimeout(tick, next && next.clearedNow.length === 0 ? STEP_MS / 4 : STEP_MS);
    };
    this.timer = setTimeout(tick, 250);
  }

  /** Stop playback. */
  pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.playBtn.replaceChildren(icon('play'));
    this.playBtn.setAttribute('aria-label', 'Play');
  }

  private show(): void {
    const s = this.steps[this.current];
    this.caption.textContent = s ? s.caption + this.suffix(s, this.current === this.steps.length - 1) : '';
    this.caption.title = s ? s.caption : '';
    replace(this.counts, (s?.counts ?? []).slice(0, 3).map((c, i) => h('span', {}, i ? ' · ' : '', `${c.family} `, h('b', { 'data-family': c.family }, `${c.allocs}/${c.frees}`))));
    this.counts.title = 'Allocations / frees left per allocator family';
    for (const b of this.timeline.querySelectorAll<HTMLElement>('button')) {
      const i = Number(b.dataset['step']);
      b.classList.toggle('done', i < this.current);
      if (i === this.current) b.setAttribute('aria-current', 'step');
      else b.removeAttribute('aria-current');
    }
  }
}
