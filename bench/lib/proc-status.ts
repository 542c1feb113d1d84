/** Reads this process's memory figures from /proc (Linux only). */
import { readFileSync } from 'node:fs';

/** Peak resident set size of this process in bytes (VmHWM), or 0 where /proc is missing. */
export function peakRssBytes(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
