/**
 * What the app remembers between runs: recent folders and the window's bounds, in
 * `state.json` under the user config directory (Electron's userData, or
 * `$XDG_CONFIG_HOME/leakscope` / `~/.config/leakscope` in browser mode). A missing
 * or corrupt file means a fresh start, never a crash.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../common/atomic-write';

/** Most recent folders kept. */
export const MAX_RECENT = 10;

/** Window position and size, as Electron reports them. */
export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

/** The persisted state. */
export interface UserState {
  recent: string[];
  bounds?: WindowBounds;
}

/** The default config directory when Electron does not provide one. */
export function defaultConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'leakscope');
}

function isBounds(value: unknown): value is WindowBounds {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof b[k] === 'number' && Number.isFinite(b[k])) && typeof b.maximized === 'boolean';
}

/** Reads and writes `state.json`; keeps the value in memory so reads are cheap. */
export class UserStateStore {
  private state: UserState;
  readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, 'state.json');
    this.state = this.read();
  }

  private read(): UserState {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null) return { recent: [] };
      const raw = parsed as Record<string, unknown>;
      const recent = Array.isArray(raw.recent) ? raw.recent.filter((r): r is string => typeof r === 'string').slice(0, MAX_RECENT) : [];
      return isBounds(raw.bounds) ? { recent, bounds: raw.bounds } : { recent };
    } catch {
      return { recent: [] };
    }
  }

  /** Recently opened folders, newest first. */
  get recent(): string[] {
    return [...this.state.recent];
  }

  /** Last saved window bounds, if any. */
  get bounds(): WindowBounds | undefined {
    return this.state.bounds;
  }

  /** Moves `folder` to the front of the recent list and saves. */
  async addRecent(folder: string): Promise<void> {
    this.state = { ...this.state, recent: [folder, ...this.state.recent.filter((r) => r !== folder)].slice(0, MAX_RECENT) };
    await this.save();
  }

  /** Remembers the window's bounds and saves. */
  async setBounds(bounds: WindowBounds): Promise<void> {
    this.state = { ...this.state, bounds };
    await this.save();
  }

  /**
   * Remembers the window's bounds and saves synchronously: called while the window
   * closes, when the app may quit before an asynchronous write would finish.
   */
  setBoundsSync(bounds: WindowBounds): void {
    this.state = { ...this.state, bounds };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(this.state, null, 2) + '\n');
      renameSync(temp, this.file);
    } catch {
      // Not remembering the window size is not worth an error dialog.
    }
  }

  private async save(): Promise<void> {
    try {
      await writeFileAtomic(this.file, JSON.stringify(this.state, null, 2) + '\n');
    } catch {
      // Remembering recents is a convenience; a read-only home must not break opening a folder.
    }
  }
}
