// Calls to the gateway's API: JSON in and out, the caller's credential headers, errors as ApiError
// carrying the server's code and message.

/** An answer that is not 2xx (status 0: no answer at all). */
export class ApiError extends Error {
  constructor(status, code, message, reason = '') {
    super(message);
    this.status = status;
    this.code = code;
    this.reason = reason;
  }

  /** Worth sending again with the same Idempotency-Key: no answer, or the server was unavailable. */
  get retryable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export class ApiClient {
  /** `headers`: a function giving the credential headers of each call. */
  constructor(headers) {
    this.headers = headers;
  }

  async request(method, path, { body, headers = {}, signal } = {}) {
    const init = { method, headers: { Accept: 'application/json', ...this.headers(), ...headers }, signal };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK', '');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const error = json?.error ?? {};
      throw new ApiError(response.status, error.code ?? 'UNKNOWN', error.message ?? '', error.reason ?? '');
    }
    return json ?? {};
  }

  get(path, options) {
    return this.request('GET', path, options);
  }

  post(path, body, options = {}) {
    return this.request('POST', path, { ...options, body });
  }

  patch(path, body, options = {}) {
    return this.request('PATCH', path, { ...options, body });
  }
}

/** The message to show for an error: the string table's for the server's `reason` (in the page's
 *  language), else the server's own message, else a generic one from `t`. */
export function errorText(error, t) {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error_network');
    const key = `reason_${error.reason}`;
    if (error.reason && t(key) !== key) return t(key);
    return error.message || t('error_unknown');
  }
  return t('error_unknown');
}

/**
 * A fresh random key for one user action. `crypto.randomUUID` exists only in secure contexts
 * (HTTPS, localhost); a till opening the page over plain HTTP on its LAN still gets 122 random bits.
 */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
