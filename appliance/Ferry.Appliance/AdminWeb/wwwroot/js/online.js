// Online accounts: every connected device, paged and searched on the server (offset, limit, q), with a Disconnect
// button per account.
import { api, query } from './api.js';
import { t, language } from './i18n.js';
import { h, show } from './dom.js';
import { noticeLine } from './forms.js';
import { errorPanel, loading, pager } from './views.js';

const path = '/api/v1/admin/online';
const state = { offset: 0, limit: 50, q: '' }; // kept across redraws (language switch)

export function renderOnline(main) {
  const notice = noticeLine();
  const list = h('section', { class: 'panel', 'data-testid': 'online' });
  const search = h('input', { type: 'search', name: 'q', value: state.q, placeholder: t('online.search'), 'aria-label': t('online.search'), 'data-testid': 'online-search' });
  const form = h('form', { class: 'row search', novalidate: true, onsubmit: (event) => {
    event.preventDefault();
    state.q = search.value.trim();
    state.offset = 0;
    load(list, notice);
  } }, search, h('button', { type: 'submit', class: 'secondary' }, t('online.find')),
  h('button', { type: 'button', class: 'secondary', 'data-testid': 'online-refresh', onclick: () => load(list, notice) }, t('online.refresh')));
  show(main, h('div', { class: 'page-head' }, h('h1', {}, t('online.title')), form), notice, list);
  load(list, notice);
}

async function load(list, notice) {
  show(list, loading());
  let page;
  try {
    page = await api.get(query(path, { offset: state.offset || null, limit: state.limit, q: state.q || null }));
  } catch (error) {
    show(list, errorPanel(error));
    return;
  }
  const disconnect = (device) => async (event) => {
    if (!confirm(t('online.confirmDisconnect', { account: device.account }))) return;
    event.currentTarget.disabled = true;
    try {
      await api.post(`${path}/${device.accountId}/disconnect`);
      notice.say(t('online.disconnected', { account: device.account }));
      load(list, notice);
    } catch (error) {
      notice.say(error.message, true);
    }
  };
  const time = new Intl.DateTimeFormat(language() === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'short', timeStyle: 'medium' });
  const columns = ['accounts.col.account', 'accounts.col.displayName', 'online.device', 'online.client', 'online.address', 'online.since', 'accounts.col.actions'];
  show(list,
    h('p', { class: 'muted', 'data-testid': 'online-total' }, t('online.total', { total: page.total })),
    h('table', { class: 'table', 'data-testid': 'online-table' },
      h('thead', {}, h('tr', {}, columns.map((key, i) => h('th', { class: i === columns.length - 1 ? 'actions' : null }, t(key))))),
      h('tbody', {}, page.devices.map((d) => h('tr', { 'data-online': d.account, 'data-device': d.deviceId },
        h('td', { class: 'mono' }, d.account),
        h('td', {}, d.displayName || '—'),
        h('td', {}, h('span', { class: 'mono' }, d.deviceId), ' ', h('span', { class: 'badge' }, String(d.deviceType))),
        h('td', {}, d.clientName || '—'),
        h('td', { class: 'mono' }, d.remoteAddress || '—'),
        h('td', {}, d.connectedAtMs ? time.format(new Date(Number(d.connectedAtMs))) : '—'),
        h('td', { class: 'actions' }, h('button', { type: 'button', class: 'small danger', 'data-action': 'disconnect', onclick: disconnect(d) }, t('online.disconnect')))))),
      page.devices.length === 0 ? h('tbody', {}, h('tr', {}, h('td', { colspan: columns.length, class: 'muted empty' }, t('online.none')))) : null),
    pager({
      hasPrevious: state.offset > 0,
      hasNext: state.offset + page.devices.length < page.total,
      summary: t('pager.range', { from: page.devices.length ? state.offset + 1 : 0, to: state.offset + page.devices.length }),
      limit: state.limit,
      onPrevious: () => { state.offset = Math.max(0, state.offset - state.limit); load(list, notice); },
      onNext: () => { state.offset += state.limit; load(list, notice); },
      onLimit: (limit) => { state.limit = limit; state.offset = 0; load(list, notice); },
    }));
}
