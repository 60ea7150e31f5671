// The accounts page: search by name on the server, the create form and the account list, paged on the server
// (after=<last id>&limit=N), so it costs the same with ten accounts or a hundred thousand.
import { api, query, fieldErrors } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { accountTable, errorPanel, loading, pager } from './views.js';
import { myGrant, isAdministrator, isCompanyWide } from './grant.js';
import { accountSearch } from './search.js';

// Kept across redraws (language switch, navigation): where the admin was in the list.
const state = { cursors: [0], limit: 50 };

export function renderAccounts(main) {
  const notice = h('div', { class: 'notice', role: 'status', 'data-testid': 'notice', hidden: true });
  const list = h('section', { class: 'panel', 'aria-labelledby': 'accounts-title' });
  const form = createForm({ onCreated: (created) => { say(notice, t('accounts.created', { account: created.account, id: created.id })); load(list, notice); } });
  show(main,
    h('div', { class: 'page-head' }, h('h1', { id: 'accounts-title' }, t('accounts.title'))),
    h('section', { class: 'panel', 'aria-labelledby': 'search-title' },
      h('h2', { id: 'search-title' }, t('search.title')),
      h('p', { class: 'muted hint' }, t('search.hint')),
      accountSearch({ testid: 'account-search' })),
    form,
    notice,
    list);
  // New accounts belong to no department yet: only company-wide administrators create them.
  myGrant().then((grant) => { if (isAdministrator(grant) && !isCompanyWide(grant)) form.hidden = true; });
  load(list, notice);
}

function say(notice, text, isError = false) {
  notice.textContent = text;
  notice.className = isError ? 'notice error' : 'notice';
  notice.hidden = false;
}

async function load(list, notice) {
  show(list, loading());
  const after = state.cursors[state.cursors.length - 1];
  let page;
  try {
    page = await api.get(query('/api/v1/admin/accounts', { after: after || null, limit: state.limit }));
  } catch (error) {
    show(list, errorPanel(error));
    return;
  }
  const reload = () => load(list, notice);
  show(list,
    accountTable(page.accounts, { onError: (error) => say(notice, error.message, true) }),
    pager({
      hasPrevious: state.cursors.length > 1,
      hasNext: page.next != null,
      summary: t('pager.page', { page: state.cursors.length }),
      limit: state.limit,
      onPrevious: () => { state.cursors.pop(); reload(); },
      onNext: () => { state.cursors.push(page.next); reload(); },
      onLimit: (limit) => { state.limit = limit; state.cursors = [0]; reload(); },
    }));
}

function createForm({ onCreated }) {
  const fields = {
    account: h('input', { id: 'new-account', name: 'account', autocomplete: 'off', maxlength: 64, required: true }),
    displayName: h('input', { id: 'new-displayName', name: 'displayName', autocomplete: 'off', maxlength: 100 }),
    password: h('input', { id: 'new-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true }),
  };
  const isAdmin = h('input', { id: 'new-isAdmin', name: 'isAdmin', type: 'checkbox' });
  const errors = Object.fromEntries(Object.keys(fields).map((name) => [name, h('p', { class: 'field-error', id: `error-${name}`, 'data-error-for': name, hidden: true })]));
  const formError = h('p', { class: 'form-error', role: 'alert', 'data-error-for': '_form', hidden: true });
  const submit = h('button', { type: 'submit', 'data-testid': 'create-account' }, t('accounts.create'));

  function showErrors(byField) {
    for (const [name, element] of Object.entries({ ...errors, _form: formError })) {
      element.textContent = byField[name] ?? '';
      element.hidden = !byField[name];
      fields[name]?.setAttribute('aria-invalid', byField[name] ? 'true' : 'false');
    }
  }

  async function onSubmit(event) {
    event.preventDefault();
    const form = event.currentTarget;
    showErrors({});
    submit.disabled = true;
    try {
      // Validation is the server's: the form shows its answer, so the rules live in one place.
      const created = await api.post('/api/v1/admin/accounts', {
        account: fields.account.value.trim(),
        displayName: fields.displayName.value.trim() || null,
        password: fields.password.value,
        isAdmin: isAdmin.checked,
      });
      form.reset();
      onCreated(created);
    } catch (error) {
      showErrors(error.status === 400 || error.status === 409 ? fieldErrors(error, Object.keys(fields)) : { _form: error.message });
    } finally {
      submit.disabled = false;
    }
  }

  const field = (name, input) => h('div', { class: 'field' },
    h('label', { for: input.id }, t(`accounts.field.${name}`)), input, errors[name]);
  return h('form', { class: 'panel create-form', 'data-testid': 'create-form', onsubmit: onSubmit, novalidate: true },
    h('h2', {}, t('accounts.new')),
    h('div', { class: 'fields' },
      field('account', fields.account), field('displayName', fields.displayName), field('password', fields.password),
      h('div', { class: 'field checkbox' }, h('label', { for: isAdmin.id }, isAdmin, ' ', t('accounts.field.isAdmin')))),
    formError,
    h('div', { class: 'row' }, submit));
}
