/**
 * Undo/redo over immutable `Investigation` values: every change pushes the previous
 * value, so undo is a swap and nothing is ever mutated in place.
 */
import type { Investigation } from '../../preload/contract';

/** Most steps kept; older ones fall off the bottom. */
const MAX_STEPS = 200;

/** The current investigation plus its undo and redo stacks. */
export class InvestigationHistory {
  private readonly past: Investigation[] = [];
  private readonly future: Investigation[] = [];

  constructor(private value: Investigation) {}

  /** The investigation now in effect. */
  get current(): Investigation {
    return this.value;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Records a change; clears the redo stack, as every editor does. */
  apply(next: Investigation): void {
    this.past.push(this.value);
    if (this.past.length > MAX_STEPS) this.past.shift();
    this.future.length = 0;
    this.value = next;
  }

  /** Steps back; returns false when there is nothing to undo. */
  undo(): boolean {
    const previous = this.past.pop();
    if (!previous) return false;
    this.future.push(this.value);
    this.value = previous;
    return true;
  }

  /** Steps forward again; returns false when there is nothing to redo. */
  redo(): boolean {
    const next = this.future.pop();
    if (!next) return false;
    this.past.push(this.value);
    this.value = next;
    return true;
  }
}
