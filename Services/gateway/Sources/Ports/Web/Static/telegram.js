// Running inside Telegram: the initData comes in location.hash (tgWebAppData), parsed here so the
// pages work without Telegram's script, which is loaded only inside Telegram (for the QR scanner,
// theme and expand).

const STORAGE_KEY = 'tg.initData';
const SCRIPT_URL = 'https://telegram.org/js/telegram-web-app.js';
/** How long a page waits for Telegram's script before going on without it (a hung CDN must not block sign-in). */
const SCRIPT_TIMEOUT_MS = 3000;

function fromHash() {
  const hash = window.location.hash.startsWith('#') ? window.location.hash.slice(1) : '';
  if (!hash.includes('tgWebAppData')) return '';
  return new URLSearchParams(hash).get('tgWebAppData') ?? '';
}

/** The raw initData of this Mini App session ('' outside Telegram). Kept for the session's other pages, whose URL has no hash. */
export function initData() {
  const data = fromHash();
  try {
    if (data) sessionStorage.setItem(STORAGE_KEY, data);
    return data || sessionStorage.getItem(STORAGE_KEY) || '';
  } catch {
    return data;
  }
}

export function isInTelegram() {
  return initData() !== '';
}

/** The Telegram user of initData ({id, first_name, language_code, …}) or null. */
export function telegramUser() {
  const data = initData();
  if (!data) return null;
  try {
    return JSON.parse(new URLSearchParams(data).get('user') ?? 'null');
  } catch {
    return null;
  }
}

/** The Authorization header of a Telegram user. */
export function telegramHeaders() {
  const data = initData();
  return data ? { Authorization: `tma ${data}` } : {};
}

/**
 * Inside Telegram, the page follows the user's Telegram language: when it differs from the page's
 * and the URL does not pick one, the page reloads once with ?lang=. True when it reloads.
 */
export function followTelegramLanguage() {
  const code = (telegramUser()?.language_code ?? '').toLowerCase().split('-')[0];
  if (!['ru', 'en'].includes(code)) return false;
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang') || code === document.documentElement.lang) return false;
  url.searchParams.set('lang', code);
  window.location.replace(url.toString());
  return true;
}

let scriptPromise = null;

/**
 * Loads Telegram's WebApp script (only inside Telegram); resolves to window.Telegram.WebApp, or to
 * null when it fails or has not loaded within SCRIPT_TIMEOUT_MS (the page then works without it).
 */
export function loadTelegramScript() {
  if (!isInTelegram()) return Promise.resolve(null);
  scriptPromise ??= new Promise((resolve) => {
    setTimeout(() => resolve(window.Telegram?.WebApp ?? null), SCRIPT_TIMEOUT_MS);
    const script = document.createElement('script');
    script.src = SCRIPT_URL;
    script.async = true;
    script.addEventListener('load', () => {
      const webApp = window.Telegram?.WebApp ?? null;
      try {
        webApp?.ready();
        webApp?.expand();
      } catch {
        // An old client without these: the page works the same.
      }
      resolve(webApp);
    });
    script.addEventListener('error', () => resolve(null));
    document.head.append(script);
  });
  return scriptPromise;
}

/** Keeps the Telegram hash on the language links, so that a reload stays signed in. */
export function keepHashOnLanguageLinks() {
  for (const link of document.querySelectorAll('a.language')) {
    const url = new URL(link.getAttribute('href'), window.location.href);
    url.hash = window.location.hash;
    link.href = url.toString();
  }
}
