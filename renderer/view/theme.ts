/**
 * Light and dark themes: follows the OS (prefers-color-scheme) unless the user picks
 * one; the choice is remembered in localStorage. Colours live in styles.css as CSS
 * variables; the graph reads them through `themeColors` so both agree.
 */

/** The user's choice. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'leakscope.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

/** The saved choice (system by default). */
export function savedTheme(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The theme actually in effect. */
export function effectiveTheme(choice: ThemeChoice = savedTheme()): 'light' | 'dark' {
  return choice === 'system' ? (media.matches ? 'dark' : 'light') : choice;
}

/** Apply and remember a choice; `onChange` also fires when the OS theme flips under `system`. */
export function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  document.documentElement.dataset['theme'] = effectiveTheme(choice);
  document.documentElement.dataset['themeChoice'] = choice;
}

/** Call `listener` when the OS theme changes while following the system. */
export function onSystemThemeChange(listener: () => void): void {
  media.addEventListener('change', () => {
    if (savedTheme() === 'system') {
      applyTheme('system');
      listener();
    }
  });
}

/** Named colours read from the CSS variables of the current theme. */
export interface ThemeColors {
  bg: string;
  surface: string;
  surface2: string;
  text: string;
  muted: string;
  border: string;
  edge: string;
  accent: string;
  live: string;
  suspect: string;
  cleared: string;
  free: string;
  group: string;
}

/** Read the theme's colours from the document. */
export function themeColors(): ThemeColors {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string): string => css.getPropertyValue(`--${name}`).trim() || '#888';
  return { bg: v('bg'), surface: v('surface'), surface2: v('surface-2'), text: v('text'), muted: v('muted'), border: v('border'), edge: v('edge'), accent: v('accent'), live: v('live'), suspect: v('suspect'), cleared: v('cleared'), free: v('free'), group: v('group') };
}
