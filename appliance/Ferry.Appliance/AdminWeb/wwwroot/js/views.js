// Pieces several pages share: error and forbidden panels, the account table with its lifecycle buttons, a pager.
import { api } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';

/** What a page shows when a call failed: "forbidden" for 403, else the API's message. */
export function errorPanel(error) {
  if (error?.forbidden) {
    return h('div', { class: 'panel forbidden', role: 'alert', 'data-testid': 'forbidden' },
      h('h2', {}, t('forbidden.title')), h('p', {}, t('forbidden.text')), h('p', { class: 'muted' }, error.message));
  }
  return h('div', { class: 'panel error', role: 'alert', 'data-testid': 'error' }, h('p', {}, `${t('error.prefix')} ${error?.message ?? error}`));
}

export function loading() {
  return h('p', { class: 'muted loading' }, t('common.loading'));
}

export function stateLabel(state) {
  return h('span', { class: `badge state-${state}` }, t(`state.${state}`));
}

/**
 * A table of accounts with freeze / restore / delete. Each action calls the directory API and redraws its row with
 * the account the server returns; onError shows a failure.
 */
export function accountTable(accounts, { onError, caption }) {
  const body = h('tbody');
  for (const account of accounts) body.append(accountRow(account, onError));
  return h('table', { class: 'table', 'data-testid': 'accounts-table' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {},
      h('th', {}, t('accounts.col.id')), h('th', {}, t('accounts.col.account')), h('th', {}, t('accounts.col.displayName')),
      h('th', {}, t('accounts.col.role')), h('th', {}, t('accounts.col.state')), h('th', { class: 'actions' }, t('accounts.col.actions')))),
    body,
    accounts.length === 0 ? h('tbody', {}, h('tr', {}, h('td', { colspan: 6, class: 'muted empty' }, t('accounts.none')))) : null);
}

function accountRow(account, onError) {
  const row = h('tr', { 'data-account': account.account });
  const path = `/api/v1/admin/directory/accounts/${account.id}`;
  const act = async (button, request) => {
    button.disabled = true;
    try {
      const updated = await request();
      row.replaceWith(accountRow({ ...account, ...updated }, onError));
    } catch (error) {
      button.disabled = false;
      onError(error);
    }
  };
  const actions = [];
  if (account.state === 'active' && account.account !== 'admin') {
    actions.push(h('button', { type: 'button', class: 'small secondary', 'data-action': 'freeze', onclick: (e) => act(e.currentTarget, () => api.post(`${path}/freeze`)) }, t('accounts.freeze')));
  }
  if (account.state === 'frozen') {
    actions.push(h('button', { type: 'button', class: 'small secondary', 'data-action': 'restore', onclick: (e) => act(e.currentTarget, () => api.post(`${path}/restore`)) }, t('accounts.restore')));
  }
  if (account.state !== 'deleted' && account.account !== 'admin') {
    actions.push(h('button', {
      type: 'button', class: 'small danger', 'data-action': 'delete',
      onclick: (e) => confirm(t('accounts.confirmDelete', { account: account.account })) && act(e.currentTarget, () => api.delete(path)),
    }, t('accounts.delete')));
  }
  show(row,
    h('td', { class: 'num' }, String(account.id)),
    h('td', { class: 'mono' }, account.state === 'deleted' ? account.account : h('a', { href: `#/account/${account.id}`, 'data-action': 'edit' }, account.account)),
    h('td', {}, account.displayName || '—'),
    h('td', {}, account.isAdmin ? h('span', { class: 'badge admin' }, t('role.admin')) : t('role.user')),
    h('td', {}, stateLabel(account.state)),
    h('td', { class: 'actions' }, actions));
  return row;
}

/** Previous / next buttons and the page size. */
export function pager({ hasPrevious, hasNext, onPrevious, onNext, limit, onLimit, summary }) {
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'secondary', disabled: !hasPrevious, onclick: onPrevious, 'data-testid': 'previous' }, t('pager.previous')),
    h('span', { class: 'muted' }, summary),
    h('button', { type: 'button', class: 'secondary', disabled: !hasNext, onclick: onNext, 'data-testid': 'next' }, t('pager.next')),
    onLimit ? h('label', { class: 'page-size' }, t('pager.size'), ' ',
      h('select', { onchange: (e) => onLimit(Number(e.target.value)) }, [20, 50, 100, 200].map((n) => h('option', { value: n, selected: n === limit }, String(n))))) : null);
}
