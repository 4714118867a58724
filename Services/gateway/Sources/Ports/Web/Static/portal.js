// The customer's card (/), inside Telegram: registration, the card and its QR code, balance,
// points expiring soon, and the history with infinite scroll.

import { ApiClient, ApiError, errorText } from './api.js';
import { formatDate, formatDateTime, formatInteger, formatMoney, loadStrings, t } from './i18n.js';
import { followTelegramLanguage, initData, keepHashOnLanguageLinks, loadTelegramScript, telegramHeaders } from './telegram.js';

const PAGE_SIZE = 20;
const $ = (id) => document.getElementById(id);
const api = new ApiClient(telegramHeaders);
const history = { card: '', cursor: '', loading: false, finished: false, observer: null };

function show(element, visible) {
  element.hidden = !visible;
}

function status(text) {
  $('status').textContent = text;
  show($('status'), text !== '');
}

function showCustomer(customer) {
  show($('register-view'), false);
  show($('card-view'), true);
  status('');
  $('card-number').textContent = customer.card;
  const qr = $('card-qr');
  qr.src = `/qr/${encodeURIComponent(customer.card)}.svg`;
  qr.alt = t('qr_alt', { card: customer.card });
  $('balance').dataset.value = String(Number(customer.balance) || 0);
  $('balance').textContent = formatInteger(customer.balance);
  $('expiring').dataset.value = String(Number(customer.expiringSoon) || 0);
  $('expiring').textContent = formatInteger(customer.expiringSoon);
  $('expiring-at').textContent = Number(customer.expiringSoon) > 0 && customer.nextExpiryAt ? t('expiring_at', { date: formatDate(customer.nextExpiryAt) }) : '';
  $('profile-link').href = `/profile${window.location.search}${window.location.hash}`;
  if (history.card !== customer.card) startHistory(customer.card);
}

function startHistory(card) {
  history.card = card;
  history.cursor = '';
  history.finished = false;
  $('history').replaceChildren();
  history.observer?.disconnect();
  history.observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadMore();
  });
  history.observer.observe($('history-sentinel'));
  loadMore();
}

function historyItem(entry) {
  const item = document.createElement('li');
  item.className = 'history-item';
  item.dataset.testid = 'history-item';
  item.dataset.type = entry.type ?? '';
  const what = document.createElement('span');
  what.className = 'history-what';
  what.textContent = t(`type_${entry.type}`);
  const points = document.createElement('span');
  const value = Number(entry.points) || 0;
  points.className = value < 0 ? 'history-points minus' : 'history-points plus';
  points.dataset.value = String(value);
  points.textContent = `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatInteger(Math.abs(value))}`;
  const when = document.createElement('span');
  when.className = 'history-time';
  when.textContent = formatDateTime(entry.createdAt);
  item.append(what, points, when);
  if (entry.purchaseAmount) {
    const amount = document.createElement('span');
    amount.className = 'history-amount';
    amount.textContent = formatMoney(entry.purchaseAmount);
    item.append(amount);
  }
  return item;
}

async function loadMore() {
  if (history.loading || history.finished) return;
  history.loading = true;
  $('history-status').textContent = t('loading');
  const card = history.card;
  try {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (history.cursor) query.set('cursor', history.cursor);
    const page = await api.get(`/api/customers/${encodeURIComponent(card)}/transactions?${query}`);
    if (card !== history.card) return;
    const entries = Array.isArray(page.transactions) ? page.transactions : [];
    $('history').append(...entries.map(historyItem));
    history.cursor = page.nextCursor ?? '';
    history.finished = !history.cursor;
    const empty = history.finished && $('history').children.length === 0;
    $('history-status').textContent = empty ? t('history_empty') : history.finished ? t('history_end') : '';
    if (history.finished) history.observer?.disconnect();
  } catch (error) {
    $('history-status').textContent = errorText(error, t);
  } finally {
    history.loading = false;
  }
  // The sentinel may still be in view (a short first page on a tall screen).
  if (!history.finished && card === history.card) {
    const box = $('history-sentinel').getBoundingClientRect();
    if (box.top < window.innerHeight) loadMore();
  }
}

async function register() {
  const button = $('register');
  button.disabled = true;
  try {
    showCustomer(await api.post('/api/customers', {}));
  } catch (error) {
    status(errorText(error, t));
  } finally {
    button.disabled = false;
  }
}

async function main() {
  if (followTelegramLanguage()) return;
  keepHashOnLanguageLinks();
  await loadStrings();
  if (!initData()) {
    status('');
    show($('outside'), true);
    return;
  }
  loadTelegramScript();
  $('register').addEventListener('click', register);
  try {
    showCustomer(await api.get('/api/customers/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      status('');
      show($('register-view'), true);
      $('register').focus();
    } else {
      status(errorText(error, t));
    }
  }
}

main();
