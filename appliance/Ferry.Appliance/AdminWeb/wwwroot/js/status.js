// Server status: what discovery says (the online accounts have their own page).
import { api } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { errorPanel, loading } from './views.js';

export async function renderStatus(main) {
  const body = h('section', { class: 'panel' }, loading());
  show(main, h('div', { class: 'page-head' }, h('h1', {}, t('status.title'))), body);
  try {
    const server = await api.get('/api/v1/discovery');
    const row = (label, value) => [h('dt', {}, t(label)), h('dd', { class: 'mono' }, String(value))];
    show(body, h('dl', { class: 'facts' },
      row('status.name', server.name), row('status.host', server.host), row('status.framedPort', server.framedPort),
      row('status.httpsPort', server.httpsPort), row('status.fingerprint', server.fingerprint), row('status.protocol', server.protocolVersion)));
  } catch (error) {
    show(body, errorPanel(error));
  }
}
