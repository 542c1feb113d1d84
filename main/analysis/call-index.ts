/**
 * Every call statement of the program, numbered once in the order the whole-program
 * scans go (functions in `pf.functions` order, each function's calls in CFG order), with
 * the numbers of the calls by callee name. The ownership scans (deallocator parameters,
 * allocation sites, derived wrappers' call sites, free sites, program enders) each look
 * at the calls of a few names; one pass over the ~270,000 calls of Linux fs/ serves them
 * all, where each used to read every call of every function again.
 */
import type { CallStmt } from '../index/facts';
import type { AnalysedFunction } from './program-facts';

/** Calls numbered in scan order, looked up by callee name. */
export class CallIndex {
  private functions: AnalysedFunction[] = [];
  /** Call number → number of its function in `functions`. */
  private callFn: number[] = [];
  private callStmt: CallStmt[] = [];
  private byName = new Map<string, number[]>();

  constructor(functions: Iterable<AnalysedFunction>) {
    for (const fn of functions) {
      const fnNumber = this.functions.length;
      this.functions.push(fn);
      for (const call of fn.calls) {
        const number = this.callStmt.length;
        const list = this.byName.get(call.callee);
        if (list) list.push(number);
        else this.byName.set(call.callee, [number]);
        this.callFn.push(fnNumber);
        this.callStmt.push(call);
      }
    }
  }

  /** Numbers of the calls to any of `names`, ascending (the scan order). */
  callsTo(names: Iterable<string>): number[] {
    const out: number[] = [];
    for (const name of new Set(names)) {
      const list = this.byName.get(name);
      if (list) for (const k of list) out.push(k);
    }
    return out.sort((a, b) => a - b);
  }

  /** Every callee name called somewhere. */
  names(): Iterable<string> {
    return this.byName.keys();
  }

  /** The function making call number `k`. */
  functionOf(k: number): AnalysedFunction | undefined {
    return this.functions[this.callFn[k] ?? -1];
  }

  /** Call number `k`. */
  call(k: number): CallStmt | undefined {
    return this.callStmt[k];
  }

  /** The functions making a call to any of `names`, each once, in scan order. */
  functionsCalling(names: Iterable<string>): AnalysedFunction[] {
    const out: AnalysedFunction[] = [];
    let last = -1;
    for (const k of this.callsTo(names)) {
      const f = this.callFn[k] ?? -1;
      if (f === last) continue;
      last = f;
      const fn = this.functions[f];
      if (fn) out.push(fn);
    }
    return out;
  }

  /** Drops the index (the analysis keeps closures over the scope that holds it). */
  release(): void {
    this.functions = [];
    this.callFn = [];
    this.callStmt = [];
    this.byName = new Map();
  }
}
