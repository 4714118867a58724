// The purchase amount from the till agent (GET <agent>/get-amount, about once a second while the
// till screen is shown): {storeId, amount: "1234.50" | null, kopecks, updatedAt}.

export class AgentAmountPoller {
  constructor(agentURL, onAmount, intervalMs = 1000) {
    this.url = agentURL ? new URL('/get-amount', agentURL).toString() : '';
    this.onAmount = onAmount;
    this.intervalMs = intervalMs;
    this.timer = null;
    this.busy = false;
  }

  start() {
    if (!this.url || this.timer) return;
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.poll();
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
  }

  async poll() {
    if (this.busy || document.hidden) return;
    this.busy = true;
    try {
      const response = await fetch(this.url, { cache: 'no-store' });
      if (response.ok) {
        const body = await response.json();
        this.onAmount(typeof body.amount === 'string' && body.amount !== '' ? body.amount : null);
      }
    } catch {
      // No agent on this machine (or it is restarting): the amount is typed by hand.
    } finally {
      this.busy = false;
    }
  }
}
