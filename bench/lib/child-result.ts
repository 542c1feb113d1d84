/** The JSON line a benchmark child process prints on stdout when it is done. */
export interface ChildResult {
  /** Wall time of the measured work inside the child, in ms (process start-up excluded). */
  wallMs: number;
  files: number;
  bytes: number;
  /** Files parsed in this run (0 when everything came from the cache). */
  parsed: number;
  /** Peak RSS of the child process (all its threads), bytes. */
  peakRss: number;
  /** Extra timings by name, in ms (e.g. graph building, passes). */
  extra: Record<string, number>;
}

/** Parses a child's stdout: the last line that is a JSON object. */
export function parseChildResult(stdout: string): ChildResult {
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`benchmark child printed no result: ${stdout.slice(0, 400)}`);
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || !('wallMs' in value)) throw new Error(`benchmark child printed an unexpected result: ${line}`);
  return value as ChildResult;
}
