/**
 * Modal dialogs (native <dialog>: focus trap, Esc to close), the non-blocking error
 * banner, and the indexing progress card with its Cancel button.
 */
import { byId, h, replace } from './dom';

/** Show a modal built by `build`; resolves with the value passed to `close`, or null on Esc/Cancel. */
export function modal<T>(build: (close: (value: T | null) => void) => (HTMLElement | null)[], className = ''): Promise<T | null> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: className });
    let done = false;
    const close = (value: T | null): void => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const form = h('form', { method: 'dialog' });
    form.addEventListener('submit', (e) => e.preventDefault());
    for (const el of build(close)) if (el) form.append(el);
    dialog.append(form);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(null);
    });
    byId('dialog-root').append(dialog);
    dialog.showModal();
    const first = dialog.querySelector<HTMLElement>('[autofocus], textarea, input, select, button.primary');
    first?.focus();
  });
}

/** Ask for a note to go with a manual clear. Resolves with the note, or null when cancelled. */
export function askNote(title: string, what: string): Promise<string | null> {
  return modal<string>((close) => {
    const text = h('textarea', { placeholder: 'Why is this accounted for? e.g. "freed by the RCU callback in foo_rcu_free()"', 'aria-label': 'Note', required: true });
    const ok = h('button', { class: 'btn primary', type: 'submit' }, 'Clear with note');
    const submit = (): void => {
      const note = text.value.trim();
      if (!note) {
        text.focus();
        text.setAttribute('aria-invalid', 'true');
        return;
      }
      close(note);
    };
    ok.addEventListener('click', submit);
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
    });
    return [
      h('h2', {}, title),
      // What is cleared may end in a line of C ("…(GFP_NSWAP));"): its own paragraph, so no sentence runs on from it.
      h('p', {}, what),
      h('p', { class: 'muted' }, 'The note goes into the investigation file and the write-up; undo with ', h('kbd', {}, 'Ctrl+Z'), '.'),
      text,
      h('div', { class: 'buttons' }, h('button', { class: 'btn', type: 'button', onclick: () => close(null) }, 'Cancel'), ok),
    ];
  });
}

/** Ask for a folder path (browser mode, where no native dialog exists). */
export function askFolder(recent: string[]): Promise<string | null> {
  return modal<string>((close) => {
    const input = h('input', { type: 'text', placeholder: '/path/to/project', 'aria-label': 'Folder path', autofocus: true, spellcheck: 'false', class: 'mono' });
    const go = (): void => {
      const v = input.value.trim();
      if (v) close(v);
      else input.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') go();
    });
    return [
      h('h2', {}, 'Open a folder'),
      h('p', {}, 'Path of a C project on the machine running ', h('code', {}, 'leakscope serve'), '.'),
      input,
      recent.length ? h('div', { class: 'links' }, recent.slice(0, 6).map((r) => h('button', { type: 'button', title: r, onclick: () => close(r) }, r))) : null,
      h('div', { class: 'buttons' }, h('button', { class: 'btn', type: 'button', onclick: () => close(null) }, 'Cancel'), h('button', { class: 'btn primary', type: 'button', onclick: go }, 'Open')),
    ];
  });
}

/** Show a message in the banner under the toolbar; errors stay until dismissed, info fades. */
export function showBanner(message: string, kind: 'error' | 'info' = 'error'): void {
  const banner = byId('banner');
  banner.className = `banner ${kind}`;
  replace(banner, h('span', { class: 'msg' }, message), h('button', { 'aria-label': 'Dismiss', title: 'Dismiss', onclick: () => (banner.hidden = true) }, '×'));
  banner.hidden = false;
  if (kind === 'info') setTimeout(() => {
    if (banner.textContent?.startsWith(message)) banner.hidden = true;
  }, 4000);
}

/** Hide the banner. */
export function hideBanner(): void {
  byId('banner').hidden = true;
}

/** Update the progress card; `null` hides it. */
export function showProgress(p: { phase: string; done: number; total: number; message: string } | null, onCancel: () => void): void {
  const card = byId('progress');
  if (!p) {
    card.hidden = true;
    return;
  }
  const pct = p.total > 0 ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0;
  // The analysis reports stages (step k of n), not files: its label counts steps and the bar moves while a step runs.
  const analysing = p.phase === 'analyse';
  const label = p.phase === 'walk' ? 'Finding C files…' : p.phase === 'parse' ? `Indexing ${p.done.toLocaleString()} / ${p.total.toLocaleString()} files` : analysing ? `Analysing, step ${Math.min(p.done + 1, Math.max(p.total, 1))} of ${Math.max(p.total, 1)}…` : p.message;
  const bar = h('div', { class: analysing ? 'busy' : '', style: analysing ? '' : `width:${pct}%` });
  replace(
    card,
    h('div', { class: 'row' }, h('b', {}, label), h('span', {}, p.total > 0 && !analysing ? `${pct}%` : '')),
    h('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, ...(analysing ? { 'aria-busy': 'true' } : { 'aria-valuenow': pct }) }, bar),
    h('div', { class: 'row' }, h('span', { class: `file${analysing ? '' : ' mono'}` }, p.message), h('button', { class: 'btn', onclick: onCancel }, 'Cancel')),
  );
  card.hidden = false;
}
