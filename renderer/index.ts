/**
 * Renderer entry: picks the bridge (the preload's `window.leakscope` in Electron, the
 * HTTP bridge in browser mode), starts the app and routes keyboard shortcuts to it,
 * leaving keys alone while the user types in a field or a dialog is open.
 */
import type { LeakscopeBridge } from '../preload/contract';
import { App } from './app';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    leakscope?: LeakscopeBridge;
    /** The running app, for tests and the benchmark. */
    leakscopeApp?: App;
    /** Timings of the last load (ms), for the benchmark. */
    leakscopeMarks?: { snapshotMs: number; renderMs: number; functions: number; drawn: number };
  }
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

function main(): void {
  const api = window.leakscope ?? createHttpBridge();
  const app = new App(api);
  window.leakscopeApp = app;
  document.addEventListener('keydown', (e) => {
    if (document.querySelector('dialog[open]')) return;
    const mod = e.ctrlKey || e.metaKey;
    // Shortcuts with a modifier work everywhere; plain keys only outside text fields.
    if (!mod && typing(e.target)) return;
    if (!mod && e.target instanceof HTMLElement && e.target.closest('.context-menu, .dropdown, table.sites') && (e.key.startsWith('Arrow') || e.key === 'Enter' || e.key === ' ')) return;
    if (!mod && e.target instanceof HTMLButtonElement && (e.key === 'Enter' || e.key === ' ')) return;
    if (app.key(e)) e.preventDefault();
  });
  void app.start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
