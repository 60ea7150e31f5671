// The login page. Any account may log in; what it may then see is decided by the server (administrators only).
import { login } from './api.js';
import { t } from './i18n.js';
import { h } from './dom.js';

export function renderLogin({ onSignedIn, languageSwitch }) {
  const account = h('input', { id: 'login-account', name: 'account', autocomplete: 'username', required: true, autofocus: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  const submit = h('button', { type: 'submit' }, t('login.submit'));

  async function onSubmit(event) {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      await login(account.value.trim(), password.value);
      onSignedIn();
    } catch (failure) {
      error.textContent = failure.status === 401 || failure.name === 'bad_credentials' ? t('login.failed') : failure.message;
      error.hidden = false;
      submit.disabled = false;
      password.select();
    }
  }

  return h('div', { class: 'login' },
    h('form', { class: 'card login-card', onsubmit: onSubmit, novalidate: true },
      h('div', { class: 'login-head' }, h('img', { src: 'favicon.svg', alt: '', width: 32, height: 32 }), h('h1', {}, t('login.title'))),
      h('label', { for: 'login-account' }, t('login.account')), account,
      h('label', { for: 'login-password' }, t('login.password')), password,
      error,
      h('div', { class: 'row' }, submit, languageSwitch())));
}
