// The customer's name (/profile), inside Telegram.

import { ApiClient, ApiError, errorText } from './api.js';
import { loadStrings, t } from './i18n.js';
import { followTelegramLanguage, initData, keepHashOnLanguageLinks, loadTelegramScript, telegramHeaders } from './telegram.js';

const $ = (id) => document.getElementById(id);
const api = new ApiClient(telegramHeaders);

function show(element, visible) {
  element.hidden = !visible;
}

async function save(event) {
  event.preventDefault();
  const name = $('profile-name').value.trim();
  show($('profile-saved'), false);
  show($('profile-error'), false);
  if (!name) {
    $('profile-name').focus();
    return;
  }
  $('profile-save').disabled = true;
  try {
    const customer = await api.patch('/api/customers/me', { name });
    $('profile-name').value = customer.name ?? name;
    show($('profile-saved'), true);
  } catch (error) {
    $('profile-error').textContent = errorText(error, t);
    show($('profile-error'), true);
  } finally {
    $('profile-save').disabled = false;
  }
}

async function main() {
  if (followTelegramLanguage()) return;
  keepHashOnLanguageLinks();
  await loadStrings();
  $('back-link').href = `/${window.location.search}${window.location.hash}`;
  if (!initData()) {
    show($('status'), false);
    show($('outside'), true);
    return;
  }
  loadTelegramScript();
  $('profile-form').addEventListener('submit', save);
  try {
    const customer = await api.get('/api/customers/me');
    $('profile-name').value = customer.name ?? '';
    show($('status'), false);
    show($('profile-form'), true);
  } catch (error) {
    $('status').textContent = error instanceof ApiError && error.status === 404 ? t('register_text') : errorText(error, t);
  }
}

main();
