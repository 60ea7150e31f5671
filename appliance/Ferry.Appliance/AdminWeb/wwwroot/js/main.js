// Boot: the login page without a session, else the shell with its navigation and the page the hash names.
import { session, logout, whenSignedOut } from './api.js';
import { t, language, languages, setLanguage, onLanguageChange } from './i18n.js';
import { h, show } from './dom.js';
import { renderLogin } from './login.js';
import { renderAccounts } from './accounts.js';
import { renderDirectory } from './directory.js';
import { renderStatus } from './status.js';

const pages = [
  { path: 'accounts', label: 'nav.accounts', render: renderAccounts },
  { path: 'directory', label: 'nav.directory', render: renderDirectory },
  { path: 'status', label: 'nav.status', render: renderStatus },
];

const root = document.getElementById('app');

function start() {
  if (!session()) {
    show(root, renderLogin({ onSignedIn: () => { location.hash = '#/accounts'; start(); }, languageSwitch }));
    document.title = t('app.title');
    return;
  }
  renderShell();
}

function currentPage() {
  const path = location.hash.replace(/^#\/?/, '').split('/')[0];
  return pages.find((p) => p.path === path) ?? pages[0];
}

function renderShell() {
  const page = currentPage();
  const me = session();
  const main = h('main', { class: 'page', id: 'main', 'data-page': page.path });
  const nav = h('nav', { class: 'nav', 'aria-label': t('nav.label') },
    pages.map((p) => h('a', { href: `#/${p.path}`, class: p === page ? 'active' : '', 'aria-current': p === page ? 'page' : null, 'data-nav': p.path }, t(p.label))));
  const header = h('header', { class: 'topbar' },
    h('div', { class: 'brand' }, h('img', { src: 'favicon.svg', alt: '', width: 24, height: 24 }), h('span', {}, t('app.title'))),
    nav,
    h('div', { class: 'who' },
      h('span', { class: 'me', 'data-testid': 'me' }, me.account),
      languageSwitch(),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'logout', onclick: signOut }, t('nav.logout'))));
  show(root, header, main);
  document.title = `${t(page.label)} · ${t('app.title')}`;
  page.render(main);
}

function languageSwitch() {
  return h('select', { class: 'language', 'aria-label': t('language.label'), 'data-testid': 'language', onchange: (e) => setLanguage(e.target.value) },
    languages.map((l) => h('option', { value: l, selected: l === language() }, t(`language.${l}`))));
}

async function signOut() {
  await logout();
  history.replaceState(null, '', location.pathname);
  start();
}

whenSignedOut(() => start());
onLanguageChange(() => start());
window.addEventListener('hashchange', () => {
  if (session()) renderShell();
});
start();
