// The till screen (/cashier): sign-in, the card keypad and scanner, the amount from the till agent,
// redeem or earn with the backend's preview, the discount followed live, the store's recent
// operations. The sale follows the state machine of cashier-state.js.

import { ApiClient, ApiError, errorText, newIdempotencyKey } from './api.js';
import { AgentAmountPoller } from './agent-amount.js';
import { CardScanner } from './card-scanner.js';
import { CashierStateMachine, State } from './cashier-state.js';
import { DiscountWatch } from './discount-watch.js';
import { formatDateTime, formatInteger, formatMoney, loadStrings, t } from './i18n.js';
import { followTelegramLanguage, isInTelegram, keepHashOnLanguageLinks, loadTelegramScript, telegramHeaders } from './telegram.js';

const KEY_STORAGE = 'cashier.storeKey';
const STORE_STORAGE = 'cashier.storeId';
const CARD_LENGTH = 6;
const RETRIES = 3;

const $ = (id) => document.getElementById(id);

const session = { kind: null, stores: [], storeId: null, storeKey: null };
const sale = { card: '', customer: null, amount: '', amountSource: 'agent', operation: null, preview: null, previewSeq: 0, action: null };
let watch = null;
let lookupSeq = 0;
let previewTimer = null;

function credentialHeaders() {
  if (session.storeKey) return { 'x-store-api-key': session.storeKey };
  return telegramHeaders();
}

const api = new ApiClient(credentialHeaders);
const machine = new CashierStateMachine(render);
const poller = new AgentAmountPoller(document.body.dataset.agentUrl, onAgentAmount);
let scanner = null;

function show(element, visible) {
  element.hidden = !visible;
}

function setNumber(element, value, text = formatInteger(value)) {
  element.dataset.value = String(Number(value) || 0);
  element.textContent = text;
}

function announce(text) {
  $('announcer').textContent = text;
}

// ---- sign-in ----

function storedKey() {
  try {
    return localStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

function rememberKey(key) {
  try {
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
  } catch {
    // Private mode: the key lasts for this page only.
  }
}

function showSignin(message = '') {
  session.kind = null;
  session.storeKey = null;
  poller.stop();
  show($('till'), false);
  show($('signout'), false);
  show($('store-select'), false);
  show($('store-select-label'), false);
  $('store-name').textContent = '';
  show($('signin'), true);
  $('signin-error').textContent = message;
  show($('signin-error'), message !== '');
  $('store-key').focus();
}

async function openSession() {
  const answer = await api.get('/api/cashier/session');
  const stores = Array.isArray(answer.stores) ? answer.stores : [];
  if (stores.length === 0) throw new ApiError(403, 'PERMISSION_DENIED', t('signin_not_cashier'));
  session.kind = answer.kind;
  session.stores = stores;
  let remembered = null;
  try {
    remembered = Number(localStorage.getItem(STORE_STORAGE));
  } catch {
    remembered = null;
  }
  session.storeId = stores.some((store) => store.id === remembered) ? remembered : stores[0].id;
  const select = $('store-select');
  select.replaceChildren(
    ...stores.map((store) => {
      const option = document.createElement('option');
      option.value = String(store.id);
      option.textContent = store.name || `#${store.id}`;
      option.selected = store.id === session.storeId;
      return option;
    }),
  );
  show(select, stores.length > 1);
  show($('store-select-label'), stores.length > 1);
  showTill();
}

function showTill() {
  const store = session.stores.find((item) => item.id === session.storeId);
  $('store-name').textContent = store ? `· ${store.name || `#${store.id}`}` : '';
  show($('signin'), false);
  show($('signin-status'), false);
  show($('till'), true);
  // A Telegram cashier signs out by closing the Mini App.
  show($('signout'), session.kind === 'store_key');
  resetSale();
  poller.start();
  refreshRecent();
}

async function signInWithKey(event) {
  event.preventDefault();
  const key = $('store-key').value.trim();
  if (!key) {
    $('signin-error').textContent = t('signin_wrong_key');
    show($('signin-error'), true);
    return;
  }
  $('signin-submit').disabled = true;
  $('signin-submit').textContent = t('signin_checking');
  session.storeKey = key;
  try {
    await openSession();
    rememberKey(key);
    $('store-key').value = '';
  } catch (error) {
    session.storeKey = null;
    rememberKey(null);
    $('store-key').value = '';
    const message = error instanceof ApiError && (error.status === 401 || error.status === 403) ? t('signin_wrong_key') : errorText(error, t);
    showSignin(message);
  } finally {
    $('signin-submit').disabled = false;
    $('signin-submit').textContent = t('signin_submit');
  }
}

function signOut() {
  if (machine.is(State.PROCESSING)) return;
  rememberKey(null);
  goIdle();
  showSignin();
}

async function start() {
  if (isInTelegram()) {
    show($('signin-status'), true);
    $('signin-status').textContent = t('signin_checking');
    try {
      await openSession();
    } catch (error) {
      show($('signin-status'), true);
      $('signin-status').textContent = errorText(error, t);
    }
    return;
  }
  const key = storedKey();
  if (!key) {
    showSignin();
    return;
  }
  session.storeKey = key;
  try {
    await openSession();
  } catch (error) {
    const wrong = error instanceof ApiError && (error.status === 401 || error.status === 403);
    if (wrong) rememberKey(null);
    showSignin(wrong ? t('signin_wrong_key') : errorText(error, t));
  }
}

// ---- the card ----

function renderCard() {
  const digits = sale.card.padEnd(CARD_LENGTH, '•');
  $('card-display').textContent = digits;
  $('card-display').dataset.value = sale.card;
}

function typeDigit(digit) {
  if (machine.is(State.PROCESSING, State.SUCCESS, State.ERROR)) return;
  if (sale.card.length >= CARD_LENGTH) {
    // A new card: the customer on screen goes.
    clearCustomer();
    sale.card = '';
  }
  sale.card += digit;
  renderCard();
  if (sale.card.length === CARD_LENGTH) lookUp(sale.card);
}

function backspace() {
  if (machine.is(State.PROCESSING, State.SUCCESS, State.ERROR)) return;
  if (sale.card.length === CARD_LENGTH) clearCustomer();
  sale.card = sale.card.slice(0, -1);
  $('lookup-status').textContent = '';
  renderCard();
}

function clearCard() {
  if (machine.is(State.PROCESSING, State.SUCCESS, State.ERROR)) return;
  clearCustomer();
  sale.card = '';
  $('lookup-status').textContent = '';
  renderCard();
}

function clearCustomer() {
  lookupSeq += 1;
  sale.customer = null;
  sale.preview = null;
  if (!machine.is(State.IDLE)) machine.go(State.IDLE);
  else render(State.IDLE);
}

async function lookUp(card) {
  const seq = ++lookupSeq;
  $('lookup-status').textContent = t('card_searching');
  try {
    const customer = await api.get(`/api/customers/${encodeURIComponent(card)}`);
    if (seq !== lookupSeq) return;
    $('lookup-status').textContent = '';
    sale.customer = customer;
    machine.go(State.CUSTOMER_FOUND);
    announce(customer.name ?? '');
    schedulePreview(0);
  } catch (error) {
    if (seq !== lookupSeq) return;
    $('lookup-status').textContent = error instanceof ApiError && error.status === 404 ? t('card_not_found', { card }) : errorText(error, t);
  }
}

function scannedCard(card) {
  if (machine.is(State.PROCESSING, State.SUCCESS, State.ERROR)) return;
  clearCustomer();
  sale.card = card;
  renderCard();
  lookUp(card);
}

// ---- the amount ----

/** "1 234,5" → "1234.50"; null when it is no positive amount of roubles. */
function normalizedAmount(text) {
  const compact = String(text ?? '').replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(compact)) return null;
  const value = Number(compact);
  return value > 0 ? value.toFixed(2) : null;
}

function setAmountSource(source) {
  sale.amountSource = source;
  const label = $('amount-source');
  label.dataset.source = source;
  label.textContent = t(source === 'agent' ? 'amount_source_agent' : 'amount_source_manual');
  show($('amount-reset'), source === 'manual');
}

function onAgentAmount(amount) {
  if (sale.amountSource !== 'agent' || machine.is(State.PROCESSING, State.SUCCESS, State.ERROR)) return;
  const text = amount ?? '';
  if (text === sale.amount) return;
  sale.amount = text;
  $('amount').value = text;
  schedulePreview(0);
}

function onAmountInput() {
  setAmountSource('manual');
  sale.amount = $('amount').value;
  schedulePreview(300);
}

function resetAmountSource() {
  setAmountSource('agent');
  sale.amount = '';
  $('amount').value = '';
  poller.poll();
  schedulePreview(0);
}

// ---- operation and preview ----

function chooseOperation(operation) {
  if (!machine.is(State.CUSTOMER_FOUND, State.READY)) return;
  sale.operation = operation;
  for (const button of document.querySelectorAll('button.op')) button.setAttribute('aria-pressed', String(button.dataset.op === operation));
  schedulePreview(0);
}

function schedulePreview(delay) {
  clearTimeout(previewTimer);
  sale.previewSeq += 1;
  sale.preview = null;
  if (machine.is(State.READY)) machine.go(State.CUSTOMER_FOUND);
  else render(machine.state);
  previewTimer = setTimeout(requestPreview, delay);
}

async function requestPreview() {
  const seq = sale.previewSeq;
  const amount = normalizedAmount(sale.amount);
  if (!machine.is(State.CUSTOMER_FOUND) || !sale.operation || !amount) return;
  $('preview-message').textContent = t('loading');
  try {
    const preview = await api.post('/api/cashier/preview', {
      card: sale.customer.card,
      storeId: session.storeId,
      amount,
      operation: sale.operation,
    });
    if (seq !== sale.previewSeq || !machine.is(State.CUSTOMER_FOUND)) return;
    sale.preview = { ...preview, amount };
    if (sale.operation === 'earn' || Number(preview.points) > 0) machine.go(State.READY);
    else render(machine.state);
  } catch (error) {
    if (seq !== sale.previewSeq) return;
    sale.preview = null;
    render(machine.state);
    $('preview-message').textContent = errorText(error, t);
  }
}

// ---- confirm ----

async function confirmSale() {
  if (!machine.is(State.READY) || sale.action) return;
  // One key per tap of the cashier, kept for every retry of that tap.
  const action = {
    key: newIdempotencyKey(),
    operation: sale.operation,
    body: { card: sale.customer.card, storeId: session.storeId, amount: sale.preview.amount },
  };
  if (action.operation === 'redeem') action.body.points = Number(sale.preview.points);
  sale.action = action;
  $('confirm').disabled = true;
  machine.go(State.PROCESSING);
  try {
    const reply = await sendWithRetries(action);
    if (action.operation === 'earn') {
      finish(State.SUCCESS, t('success_earn', { points: formatInteger(reply.pointsEarned), balance: formatInteger(reply.balance) }));
      return;
    }
    action.reply = reply;
    followDiscount(reply);
  } catch (error) {
    finish(State.ERROR, errorText(error, t));
  }
}

async function sendWithRetries(action) {
  const path = action.operation === 'earn' ? '/api/cashier/earn' : '/api/cashier/redeem';
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await api.post(path, action.body, { headers: { 'Idempotency-Key': action.key } });
    } catch (error) {
      if (!(error instanceof ApiError) || !error.retryable || attempt >= RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

function showDiscountStatus(status) {
  const element = $('discount-status');
  element.dataset.status = status;
  element.textContent = t(`status_${status}`);
  show($('discount'), true);
}

function followDiscount(reply) {
  showDiscountStatus('pending');
  stopWatch();
  watch = new DiscountWatch({
    api,
    headers: credentialHeaders,
    storeId: session.storeId,
    discountId: reply.discountId,
    onStatus: (status) => {
      showDiscountStatus(status);
      if (status === 'applied') finish(State.SUCCESS, t('success_redeem', { balance: formatInteger(reply.balance) }));
      if (status === 'failed') finish(State.ERROR, t('error_discount_failed'));
      if (status === 'expired') finish(State.ERROR, t('error_discount_expired'));
      if (!['applied', 'failed', 'expired'].includes(status)) refreshRecent();
    },
  });
  watch.start();
}

function stopWatch() {
  watch?.stop();
  watch = null;
}

function finish(state, message) {
  if (!machine.is(State.PROCESSING)) return;
  if (state === State.SUCCESS) $('success-message').textContent = message;
  else $('error-message').textContent = message;
  machine.go(state);
  announce(message);
  refreshRecent();
  $('done').focus();
}

function goIdle() {
  stopWatch();
  if (machine.is(State.SUCCESS, State.ERROR)) machine.go(State.IDLE);
  resetSale();
}

function resetSale() {
  lookupSeq += 1;
  sale.card = '';
  sale.customer = null;
  sale.operation = null;
  sale.preview = null;
  sale.action = null;
  sale.amount = '';
  $('amount').value = '';
  setAmountSource('agent');
  for (const button of document.querySelectorAll('button.op')) button.setAttribute('aria-pressed', 'false');
  $('lookup-status').textContent = '';
  $('success-message').textContent = '';
  $('error-message').textContent = '';
  show($('discount'), false);
  if (!machine.is(State.IDLE)) machine.go(State.IDLE);
  renderCard();
  render(machine.state);
  poller.poll();
}

// ---- recent operations ----

async function refreshRecent() {
  if (!session.storeId) return;
  try {
    const page = await api.get(`/api/stores/${session.storeId}/transactions?limit=10`);
    renderRecent(Array.isArray(page.transactions) ? page.transactions : []);
  } catch {
    // Kept as it was; the next operation refreshes it.
  }
}

function renderRecent(transactions) {
  const items = transactions.map((entry) => {
    const item = document.createElement('li');
    item.className = 'recent-item';
    item.dataset.testid = 'recent-item';
    item.dataset.type = entry.type ?? '';
    if (entry.discountStatus) item.dataset.discountStatus = entry.discountStatus;
    const when = document.createElement('span');
    when.className = 'recent-time';
    when.textContent = formatDateTime(entry.createdAt);
    const what = document.createElement('span');
    what.className = 'recent-what';
    what.textContent = `${t(`type_${entry.type}`)} · ${entry.card ?? ''}`;
    const money = document.createElement('span');
    money.className = 'recent-amount';
    money.textContent = formatMoney(entry.amount);
    const points = document.createElement('span');
    points.className = 'recent-points';
    const earned = Number(entry.pointsEarned) || 0;
    const redeemed = Number(entry.pointsRedeemed) || 0;
    points.textContent = [redeemed ? `−${formatInteger(redeemed)}` : '', earned ? `+${formatInteger(earned)}` : ''].filter(Boolean).join(' ') + ` ${t('points_unit')}`;
    item.append(when, what, money, points);
    if (entry.discountStatus) {
      const status = document.createElement('span');
      status.className = 'recent-status';
      status.dataset.status = entry.discountStatus;
      status.textContent = t(`status_${entry.discountStatus}`);
      item.append(status);
    }
    return item;
  });
  $('recent').replaceChildren(...items);
  show($('recent-empty'), items.length === 0);
}

// ---- rendering ----

function render(state) {
  const customer = sale.customer;
  show($('customer-none'), !customer);
  show($('customer-details'), Boolean(customer));
  if (customer) {
    $('customer-name').textContent = customer.name || customer.card;
    setNumber($('customer-balance'), customer.balance);
    setNumber($('customer-expiring'), customer.expiringSoon);
  }
  const saleOpen = state === State.CUSTOMER_FOUND || state === State.READY;
  for (const button of document.querySelectorAll('button.op')) button.disabled = !saleOpen;
  const busy = state === State.PROCESSING || state === State.SUCCESS || state === State.ERROR;
  $('amount').disabled = busy;
  $('store-select').disabled = busy;
  $('signout').disabled = state === State.PROCESSING;

  const preview = sale.preview;
  show($('preview-figures'), Boolean(preview));
  if (preview) {
    setNumber($('preview-points'), preview.points);
    $('preview-discount').textContent = formatMoney(preview.discount);
    $('preview-payable').textContent = formatMoney(preview.payable);
    $('preview-payable').dataset.value = String(preview.payable ?? '');
    setNumber($('preview-earned'), preview.pointsEarned);
    setNumber($('preview-balance-after'), preview.balanceAfter);
    const nothing = sale.operation === 'redeem' && !(Number(preview.points) > 0);
    $('preview-message').textContent = nothing ? t('preview_no_points') : '';
  } else if (state !== State.CUSTOMER_FOUND || !sale.operation || !normalizedAmount(sale.amount)) {
    $('preview-message').textContent = t('preview_hint');
  }
  $('confirm').disabled = state !== State.READY || Boolean(sale.action);
  $('confirm').textContent = state === State.PROCESSING ? t('confirm_busy') : t('confirm');

  const outcome = state === State.PROCESSING || state === State.SUCCESS || state === State.ERROR;
  show($('outcome'), outcome);
  show($('processing'), state === State.PROCESSING);
  show($('success'), state === State.SUCCESS);
  show($('error'), state === State.ERROR);
  show($('done'), state === State.SUCCESS || state === State.ERROR);
  if (!outcome) show($('discount'), false);
}

// ---- wiring ----

function onKeydown(event) {
  if ($('till').hidden || event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return;
  if (/^[0-9]$/.test(event.key)) {
    event.preventDefault();
    typeDigit(event.key);
  } else if (event.key === 'Backspace') {
    event.preventDefault();
    backspace();
  } else if (event.key === 'Escape') {
    if (machine.is(State.SUCCESS, State.ERROR)) goIdle();
    else clearCard();
  }
}

async function main() {
  if (followTelegramLanguage()) return;
  keepHashOnLanguageLinks();
  await loadStrings();
  for (const key of document.querySelectorAll('.key[data-digit]')) key.addEventListener('click', () => typeDigit(key.dataset.digit));
  $('key-back').addEventListener('click', backspace);
  $('key-clear').addEventListener('click', clearCard);
  $('amount').addEventListener('input', onAmountInput);
  $('amount-reset').addEventListener('click', resetAmountSource);
  $('op-redeem').addEventListener('click', () => chooseOperation('redeem'));
  $('op-earn').addEventListener('click', () => chooseOperation('earn'));
  $('confirm').addEventListener('click', confirmSale);
  $('done').addEventListener('click', goIdle);
  $('signin').addEventListener('submit', signInWithKey);
  $('signout').addEventListener('click', signOut);
  $('store-select').addEventListener('change', (event) => {
    session.storeId = Number(event.target.value);
    try {
      localStorage.setItem(STORE_STORAGE, String(session.storeId));
    } catch {
      // Not kept: the first store next time.
    }
    goIdle();
    showTill();
  });
  document.addEventListener('keydown', onKeydown);
  document.addEventListener('visibilitychange', () => (document.hidden ? poller.stop() : !$('till').hidden && poller.start()));
  renderCard();
  render(machine.state);

  const webApp = await loadTelegramScript();
  scanner = new CardScanner({
    webApp,
    video: $('scan-video'),
    onCard: scannedCard,
    onShow: (visible) => show($('scanner'), visible),
  });
  show($('scan'), scanner.available);
  $('scan').addEventListener('click', () =>
    scanner.start().catch((error) => {
      scanner.stop();
      $('lookup-status').textContent = errorText(error, t);
    }),
  );
  $('scan-cancel').addEventListener('click', () => scanner.stop());
  await start();
}

main();
