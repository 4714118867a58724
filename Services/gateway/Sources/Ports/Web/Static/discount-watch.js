// A redemption's discount followed live until it settles: the store's Server-Sent Events read with
// fetch() (EventSource cannot send the credential headers), with polling of
// GET /api/stores/{storeId}/discounts/{discountId} every 2 s when the stream is not available.

const FINAL = new Set(['applied', 'failed', 'expired']);
/** A status never goes back: a late answer of the status route cannot undo a newer event. */
const RANK = { pending: 0, processing: 1, applied: 2, failed: 2, expired: 2 };
const POLL_MS = 2000;

/** `loyalty.discount_applied` → `applied`. */
export function statusOfTopic(topic) {
  const match = /discount_(pending|processing|applied|failed|expired)$/.exec(topic ?? '');
  return match ? match[1] : null;
}

/** Splits an event-stream text into complete events ({event, data}); returns them and the unparsed rest. */
export function parseEventStream(buffer) {
  const events = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

export class DiscountWatch {
  /** `onStatus(status, discount?)` gets every change; it stops by itself at a final status. */
  constructor({ api, headers, storeId, discountId, onStatus }) {
    this.api = api;
    this.headers = headers;
    this.storeId = storeId;
    this.discountId = String(discountId);
    this.onStatus = onStatus;
    this.status = 'pending';
    this.controller = new AbortController();
    this.pollTimer = null;
  }

  start() {
    this.stream().catch(() => this.startPolling());
    // The discount may have moved on before the stream opened.
    this.check();
  }

  stop() {
    this.controller.abort();
    clearTimeout(this.pollTimer);
  }

  get done() {
    return FINAL.has(this.status);
  }

  update(status, discount) {
    if (!(status in RANK) || this.done || RANK[status] <= RANK[this.status]) return;
    this.status = status;
    this.onStatus(status, discount);
    if (this.done) this.stop();
  }

  async check() {
    try {
      const discount = await this.api.get(`/api/stores/${this.storeId}/discounts/${this.discountId}`, { signal: this.controller.signal });
      this.update(discount.status, discount);
    } catch {
      // The next event or poll tells.
    }
  }

  startPolling() {
    if (this.done || this.controller.signal.aborted || this.pollTimer) return;
    const tick = async () => {
      await this.check();
      if (!this.done && !this.controller.signal.aborted) this.pollTimer = setTimeout(tick, POLL_MS);
    };
    this.pollTimer = setTimeout(tick, POLL_MS);
  }

  async stream() {
    const response = await fetch(`/api/stores/${this.storeId}/discounts/stream`, {
      headers: { Accept: 'text/event-stream', ...this.headers() },
      signal: this.controller.signal,
      cache: 'no-store',
    });
    if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (!this.done) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const parsed = parseEventStream(buffer);
      buffer = parsed.rest;
      for (const { event, data } of parsed.events) {
        let payload = null;
        try {
          payload = JSON.parse(data);
        } catch {
          continue;
        }
        if (String(payload?.discountId ?? '') === this.discountId) this.update(statusOfTopic(event), payload);
      }
    }
    // The stream ended (its maximum duration, a restart) before the outcome: poll for it.
    if (!this.done) throw new Error('stream ended');
  }
}
