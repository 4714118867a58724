// The till's state machine, as in the original system:
//   idle → customer_found → ready → processing → success | error → idle
// `document.body.dataset.state` always shows the current state.

export const State = Object.freeze({
  IDLE: 'idle',
  CUSTOMER_FOUND: 'customer_found',
  READY: 'ready',
  PROCESSING: 'processing',
  SUCCESS: 'success',
  ERROR: 'error',
});

/** The states each state may move to. */
const transitions = Object.freeze({
  idle: ['idle', 'customer_found'],
  // Back to idle: another card; ready: an amount, an operation and its preview.
  customer_found: ['idle', 'customer_found', 'ready'],
  // Back to customer_found: the amount or operation changed and its preview is not there yet.
  ready: ['idle', 'customer_found', 'ready', 'processing'],
  processing: ['success', 'error'],
  success: ['idle'],
  error: ['idle'],
});

export class CashierStateMachine {
  constructor(onChange = () => {}) {
    this.state = State.IDLE;
    this.onChange = onChange;
    document.body.dataset.state = this.state;
  }

  can(next) {
    return transitions[this.state].includes(next);
  }

  /** Moves to `next`; an illegal move throws (a bug, not a user error). */
  go(next) {
    if (!this.can(next)) throw new Error(`illegal transition ${this.state} → ${next}`);
    const previous = this.state;
    this.state = next;
    document.body.dataset.state = next;
    this.onChange(next, previous);
  }

  is(...states) {
    return states.includes(this.state);
  }
}
