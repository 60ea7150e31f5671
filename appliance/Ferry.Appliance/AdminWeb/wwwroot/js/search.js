// Finding an account by name on the server (GET /api/v1/admin/directory/search: display name, account, pinyin,
// initials — "zs" finds 张三; a department administrator gets only accounts in its departments, frozen ones too).
// The input is debounced and only the newest answer is drawn, so typing fast never shows stale hits.
import { api, query } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { stateLabel } from './views.js';

const path = '/api/v1/admin/directory/search';
const debounceMs = 250;
const maxQuery = 64;

/**
 * A search box with its results. onPick(hit): for picking (the administrators form); without it each hit is a link
 * to the account's page. hit: { id (string when beyond 2^53), account, displayName, state, primaryDepartment, title }.
 */
export function accountSearch({ onPick = null, testid = 'account-search', limit = 20, label = t('search.label') } = {}) {
  const input = h('input', {
    type: 'search', name: 'q', maxlength: maxQuery, autocomplete: 'off', placeholder: t('search.placeholder'),
    'aria-label': label, 'data-testid': testid, role: 'combobox', 'aria-expanded': 'false',
  });
  const results = h('ul', { class: 'search-results', role: 'listbox', 'aria-label': label, 'data-testid': `${testid}-results`, hidden: true });
  const status = h('p', { class: 'muted hint', role: 'status', 'data-testid': `${testid}-status`, hidden: true });
  let timer = null;
  let turn = 0;

  const say = (text, isError = false) => {
    status.textContent = text;
    status.className = isError ? 'field-error' : 'muted hint';
    status.hidden = !text;
  };

  const clear = () => {
    results.replaceChildren();
    results.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const run = async (text) => {
    const mine = ++turn;
    try {
      const answer = await api.get(query(path, { q: text, limit }));
      if (mine !== turn) return; // a newer query was typed meanwhile
      draw(answer.accounts);
    } catch (error) {
      if (mine !== turn) return;
      clear();
      say(error.message, true);
    }
  };

  const draw = (hits) => {
    say(hits.length ? '' : t('search.none'));
    show(results, hits.map((hit) => {
      const body = [
        h('span', { class: 'hit-name' }, hit.displayName || hit.account),
        h('span', { class: 'mono muted' }, hit.account),
        hit.state !== 'active' ? stateLabel(hit.state) : null,
        h('span', { class: 'muted hit-where' }, [hit.primaryDepartment, hit.title].filter(Boolean).join(' · ')),
      ];
      const item = onPick
        ? h('button', { type: 'button', class: 'hit', 'data-hit': hit.account, onclick: () => { clear(); say(''); onPick(hit); } }, body)
        : h('a', { class: 'hit', href: `#/account/${hit.id}`, 'data-hit': hit.account }, body);
      return h('li', { role: 'option' }, item);
    }));
    results.hidden = hits.length === 0;
    input.setAttribute('aria-expanded', String(hits.length > 0));
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) {
      turn++;
      clear();
      say('');
      return;
    }
    timer = setTimeout(() => run(text), debounceMs);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      clear();
    } else if (event.key === 'Enter') {
      // Enter searches now (and never submits a surrounding form).
      event.preventDefault();
      clearTimeout(timer);
      if (input.value.trim()) run(input.value.trim());
    }
  });

  return h('div', { class: 'account-search' }, input, status, results);
}
