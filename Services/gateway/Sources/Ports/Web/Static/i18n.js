// The page's text and number formats, in the language the server rendered (<html lang>).

const lang = document.documentElement.lang || 'ru';
let table = {};

/** Loads the string table of the page's language (/static/i18n/<lang>.json). */
export async function loadStrings() {
  const response = await fetch(`/static/i18n/${encodeURIComponent(lang)}.json`);
  table = response.ok ? await response.json() : {};
  return table;
}

/** The text of `key` with `{name}` placeholders filled (the result is plain text, set with textContent). */
export function t(key, values = {}) {
  const text = table[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

export const pageLanguage = lang;

const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat(lang, { style: 'currency', currency: 'RUB', currencyDisplay: 'narrowSymbol' });
const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });

/** Points and other whole numbers: 1 234 (ru), 1,234 (en). */
export function formatInteger(value) {
  return integer.format(Number(value) || 0);
}

/** Roubles from the API's decimal text ("1234.50") or a number: 1 234,50 ₽ (ru), ₽1,234.50 (en). */
export function formatMoney(value) {
  const number = typeof value === 'number' ? value : Number.parseFloat(String(value ?? '0'));
  return money.format(Number.isFinite(number) ? number : 0);
}

/** A timestamp of the API (RFC 3339) as date and time; empty text for none. */
export function formatDateTime(text) {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? dateTime.format(date) : '';
}

/** A timestamp of the API as a date; empty text for none. */
export function formatDate(text) {
  const date = text ? new Date(text) : null;
  return date && !Number.isNaN(date.getTime()) ? dateOnly.format(date) : '';
}
