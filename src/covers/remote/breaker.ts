import type { RemoteName } from '../sources/catalog.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive transient failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long it stays open before one probe goes through (default 30 s). */
  resetAfterMs?: number;
  onStateChange?(state: BreakerState, source: RemoteName): void;
}

/** Opens after N consecutive failures; while open calls fail fast; after a pause one probe decides. */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  readonly #threshold: number;
  readonly #resetAfterMs: number;
  readonly #onStateChange: BreakerOptions['onStateChange'];
  readonly source: RemoteName;

  constructor(source: RemoteName, opts: BreakerOptions = {}) {
    this.source = source;
    this.#threshold = opts.failureThreshold ?? 5;
    this.#resetAfterMs = opts.resetAfterMs ?? 30_000;
    this.#onStateChange = opts.onStateChange;
  }

  get state(): BreakerState {
    if (this.#state === 'open' && performance.now() - this.#openedAt >= this.#resetAfterMs) this.#set('half_open');
    return this.#state;
  }

  /** Whether a call may go now; in half_open only the first caller (the probe) may. */
  admit(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#probing) return false;
    this.#probing = true;
    return true;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== 'closed') this.#set('closed');
  }

  failed(): void {
    this.#failures += 1;
    this.#probing = false;
    if (this.#state === 'half_open' || (this.#state === 'closed' && this.#failures >= this.#threshold)) {
      this.#openedAt = performance.now();
      this.#set('open');
    }
  }

  /** The call ended without telling anything about the remote (the caller gave up). */
  released(): void {
    this.#probing = false;
  }

  #set(state: BreakerState): void {
    this.#state = state;
    this.#onStateChange?.(state, this.source);
  }
}
