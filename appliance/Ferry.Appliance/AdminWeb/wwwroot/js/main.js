// Boot: the login page without a session, else the shell with its navigation and the page the hash names
// ("#/page/arg/…"). The navigation shows what the signed-in administrator's grant allows; the server still refuses
// anything else, and a page reached by its address shows that refusal.
import { session, logout, whenSignedOut } from './api.js';
import { t, language, languages, setLanguage, onLanguageChange } from './i18n.js';
import { h, show } from './dom.js';
import { renderLogin } from './login.js';
import { renderAccounts } from './accounts.js';
import { renderDirectory } from './directory.js';
import { renderStatus } from './status.js';
import { renderProfile } from './profile.js';
import { renderImport } from './import.js';
import { renderLdap } from './ldap.js';
import { renderAdministrators } from './admins.js';
import { renderEnterprise, enterprise, onEnterpriseChange } from './enterprise.js';
import { renderOnline } from './online.js';
import { myGrant, isAdministrator, isCompanyWide, holds } from './grant.js';

// who: 'any' (every administrator), 'company' (super and enterprise administrators); needs: a permission a department
// administrator must hold; nav: false for pages reached by link.
const pages = [
  { path: 'accounts', label: 'nav.accounts', render: renderAccounts, who: 'any' },
  { path: 'directory', label: 'nav.directory', render: renderDirectory, who: 'any' },
  { path: 'import', label: 'nav.import', render: renderImport, who: 'company' },
  { path: 'ldap', label: 'nav.ldap', render: renderLdap, who: 'company' },
  { path: 'administrators', label: 'nav.administrators', render: renderAdministrators, who: 'any' },
  { path: 'enterprise', label: 'nav.enterprise', render: renderEnterprise, who: 'company' },
  { path: 'online', label: 'nav.online', render: renderOnline, who: 'any', needs: 'manageAccounts' },
  { path: 'status', label: 'nav.status', render: renderStatus, who: 'any' },
  { path: 'account', label: 'profile.title', render: renderProfile, who: 'any', nav: false },
];

const root = document.getElementById('app');
let rendering = 0;

function start() {
  if (!session()) {
    show(root, renderLogin({ onSignedIn: () => { location.hash = '#/accounts'; start(); }, languageSwitch }));
    document.title = t('app.title');
    return;
  }
  renderShell();
}

function route() {
  const [path, ...args] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { page: pages.find((p) => p.path === path) ?? pages[0], args };
}

function allowed(page, grant) {
  if (page.nav === false) return false;
  // Not an administrator at all: the basic pages, which show the server's refusal.
  if (!isAdministrator(grant)) return ['accounts', 'directory', 'status'].includes(page.path);
  if (page.needs && !holds(grant, page.needs)) return false;
  return page.who === 'any' || isCompanyWide(grant);
}

async function renderShell() {
  const turn = ++rendering;
  const me = session();
  const grant = await myGrant();
  if (turn !== rendering || !session()) return; // a newer navigation or a sign-out won
  const { page, args } = route();
  const active = page.nav === false ? null : page;
  const main = h('main', { class: 'page', id: 'main', 'data-page': page.path });
  const nav = h('nav', { class: 'nav', 'aria-label': t('nav.label') },
    pages.filter((p) => allowed(p, grant)).map((p) => h('a', { href: `#/${p.path}`, class: p === active ? 'active' : '', 'aria-current': p === active ? 'page' : null, 'data-nav': p.path }, t(p.label))));
  const brandName = h('span', { 'data-testid': 'brand-name' }, t('app.title'));
  const brandLogo = h('img', { src: 'favicon.svg', alt: '', width: 24, height: 24, 'data-testid': 'brand-logo' });
  const header = h('header', { class: 'topbar' },
    h('div', { class: 'brand' }, brandLogo, brandName),
    nav,
    h('div', { class: 'who' },
      isAdministrator(grant) ? h('span', { class: 'badge admin', 'data-testid': 'my-role' }, t(`admins.role.${grant.role}`)) : null,
      h('span', { class: 'me', 'data-testid': 'me' }, me.account),
      languageSwitch(),
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'logout', onclick: signOut }, t('nav.logout'))));
  show(root, header, main);
  document.title = `${t(page.label)} · ${t('app.title')}`;
  page.render(main, args, me.token);
  // The enterprise's name and logo (the public view every client shows), once known.
  headerBrand = (value) => {
    if (!value?.name) return;
    brandName.textContent = value.name;
    brandName.title = t('app.title');
    brandLogo.src = value.logoUrl ?? 'favicon.svg';
  };
  headerBrand(await enterprise(me.token));
}

let headerBrand = () => {};
onEnterpriseChange((value) => headerBrand(value));

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
