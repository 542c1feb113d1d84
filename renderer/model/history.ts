/**
 * Back/forward navigation over selected functions, like a browser: selecting a new
 * function drops the forward entries; selecting the current one again is a no-op.
 */

/** Navigation history of selected function ids. */
export class NavHistory {
  private entries: string[] = [];
  private at = -1;

  /** The current entry, or null before the first visit. */
  get current(): string | null {
    return this.entries[this.at] ?? null;
  }

  /** Record a visit. */
  visit(id: string): void {
    if (this.current === id) return;
    this.entries = this.entries.slice(0, this.at + 1);
    this.entries.push(id);
    this.at = this.entries.length - 1;
  }

  /** Whether back/forward have somewhere to go. */
  get canBack(): boolean {
    return this.at > 0;
  }
  get canForward(): boolean {
    return this.at < this.entries.length - 1;
  }

  /** Step back; returns the entry to show or null. */
  back(): string | null {
    if (!this.canBack) return null;
    this.at--;
    return this.current;
  }

  /** Step forward; returns the entry to show or null. */
  forward(): string | null {
    if (!this.canForward) return null;
    this.at++;
    return this.current;
  }

  /** Forget everything (a new project was opened). */
  clear(): void {
    this.entries = [];
    this.at = -1;
  }
}
