/**
 * A small context menu (right click on a node or a table row): keyboard navigable,
 * closes on Esc, click outside, scroll or a choice.
 */
import { byId, h, replace } from './dom';

/** One entry; `null` draws a separator. */
export type MenuItem = { label: string; hint?: string; run: () => void; disabled?: boolean } | null;

let closeCurrent: (() => void) | null = null;

/** Open the menu at client coordinates with a heading. */
export function openMenu(x: number, y: number, heading: string, items: MenuItem[]): void {
  closeCurrent?.();
  const menu = byId('menu');
  const buttons: HTMLButtonElement[] = [];
  replace(
    menu,
    h('div', { class: 'head' }, heading),
    items.map((item) => {
      if (!item) return h('hr');
      const b = h('button', { role: 'menuitem', disabled: item.disabled ?? false }, h('span', {}, item.label), item.hint ? h('span', { class: 'k' }, item.hint) : null);
      b.addEventListener('click', () => {
        close();
        item.run();
      });
      buttons.push(b);
      return b;
    }),
  );
  menu.hidden = false;
  const r = menu.getBoundingClientRect();
  menu.style.left = `${Math.min(x, window.innerWidth - r.width - 8)}px`;
  menu.style.top = `${Math.min(y, window.innerHeight - r.height - 8)}px`;
  buttons.find((b) => !b.disabled)?.focus();
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') close();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const enabled = buttons.filter((b) => !b.disabled);
      const i = enabled.indexOf(document.activeElement as HTMLButtonElement);
      enabled[(i + (e.key === 'ArrowDown' ? 1 : -1) + enabled.length) % enabled.length]?.focus();
    }
  };
  const onDown = (e: MouseEvent): void => {
    if (!menu.contains(e.target as Node)) close();
  };
  const close = (): void => {
    menu.hidden = true;
    document.removeEventListener('keydown', onKey, true);
    document.removeEventListener('mousedown', onDown, true);
    window.removeEventListener('blur', close);
    closeCurrent = null;
  };
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('mousedown', onDown, true);
  window.addEventListener('blur', close);
  closeCurrent = close;
}
