// Administrators: the grants the caller can see, a form to make enterprise administrators (super only) and
// department administrators (scope departments chosen from the tree, permissions from those the caller holds), edit
// and revoke. The server enforces "nobody grants more than they hold"; the form only offers what the grant allows.
import { api, id as serverId } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { FieldSet, noticeLine } from './forms.js';
import { departmentPicker } from './picker.js';
import { myGrant, isAdministrator } from './grant.js';
import { accountSearch } from './search.js';
import { errorPanel, loading } from './views.js';

const path = '/api/v1/admin/administrators';
const allPermissions = ['manageAccounts', 'manageDepartments', 'manageGroups', 'sendNotices', 'viewLogs'];
const departmentNames = new Map(); // id -> name, shared by the list and the form

export async function renderAdministrators(main, [action, accountId]) {
  const notice = noticeLine();
  const list = h('section', { class: 'panel', 'data-testid': 'administrators' }, loading());
  const formHost = h('div');
  show(main, h('div', { class: 'page-head' }, h('h1', {}, t('admins.title'))), notice, formHost, list);
  const grant = await myGrant();
  if (!isAdministrator(grant)) {
    show(main, h('div', { class: 'page-head' }, h('h1', {}, t('admins.title'))), errorPanel(grant.error));
    return;
  }
  const reload = () => loadList(list, grant, notice, (existing) => show(formHost, grantForm({ grant, existing, notice, onDone: done })));
  const done = () => { show(formHost, grantForm({ grant, notice, onDone: done })); reload(); };
  show(formHost, grantForm({ grant, notice, onDone: done, accountId: action === 'new' ? accountId : '' }));
  reload();
}

async function loadList(list, grant, notice, onEdit) {
  let administrators;
  try {
    ({ administrators } = await api.get(path));
    await names(administrators.flatMap((a) => a.departmentIds));
  } catch (error) {
    show(list, errorPanel(error));
    return;
  }
  const revoke = (admin) => async (event) => {
    if (!confirm(t('admins.confirmRevoke', { account: admin.account }))) return;
    event.currentTarget.disabled = true;
    try {
      await api.delete(`${path}/${admin.accountId}`);
      notice.say(t('admins.revoked', { account: admin.account }));
      loadList(list, grant, notice, onEdit);
    } catch (error) {
      notice.say(error.message, true);
      event.target.disabled = false;
    }
  };
  show(list,
    h('h2', {}, t('admins.list')),
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['accounts.col.account', 'accounts.col.displayName', 'admins.role', 'admins.scope', 'admins.permissions', 'accounts.col.actions']
        .map((key, i) => h('th', { class: i === 5 ? 'actions' : null }, t(key))))),
      h('tbody', {}, administrators.map((admin) => {
        const mine = String(admin.accountId) === String(grant.accountId);
        return h('tr', { 'data-admin': admin.account },
          h('td', { class: 'mono' }, h('a', { href: `#/account/${admin.accountId}` }, admin.account)),
          h('td', {}, admin.displayName || '—'),
          h('td', {}, h('span', { class: 'badge admin' }, t(`admins.role.${admin.role}`))),
          h('td', { 'data-testid': 'scope' }, admin.role === 'department' ? admin.departmentIds.map((d) => departmentNames.get(String(d)) ?? `#${d}`).join(', ') : t('admins.wholeCompany')),
          h('td', {}, admin.permissions.map((p) => t(`permission.${p}`)).join(', ')),
          h('td', { class: 'actions' },
            !mine && admin.role === 'department' ? h('button', { type: 'button', class: 'small secondary', 'data-action': 'edit-admin', onclick: () => onEdit(admin) }, t('admins.edit')) : null,
            !mine && admin.role !== 'super' ? h('button', { type: 'button', class: 'small danger', 'data-action': 'revoke', onclick: revoke(admin) }, t('admins.revoke')) : null));
      })),
      administrators.length === 0 ? h('tbody', {}, h('tr', {}, h('td', { colspan: 6, class: 'muted empty' }, t('admins.none')))) : null));
}

/** Department names for display; those the caller may not read are shown by id. */
async function names(ids) {
  await Promise.all([...new Set(ids.map(String))].filter((d) => !departmentNames.has(d)).map(async (d) => {
    try {
      departmentNames.set(d, (await api.get(`/api/v1/admin/directory/departments/${d}`)).name);
    } catch {
      departmentNames.set(d, `#${d}`);
    }
  }));
}

/** Create (or, with existing, edit: revoke and grant again) an administrator. */
function grantForm({ grant, existing = null, notice, onDone, accountId = '' }) {
  const fields = new FieldSet();
  const account = h('input', { name: 'accountId', value: existing ? String(existing.accountId) : accountId, inputmode: 'numeric', autocomplete: 'off', readonly: Boolean(existing) });
  // Picking by name: the search fills the ID field and says whom it names.
  const chosen = h('p', { class: 'muted hint', 'data-testid': 'admin-chosen', hidden: true });
  const finder = existing ? null : h('div', { class: 'field' },
    h('span', { class: 'label' }, t('admins.findAccount')),
    accountSearch({ testid: 'admin-account-search', label: t('admins.findAccount'), onPick: (hit) => {
      account.value = String(hit.id);
      chosen.textContent = t('admins.chosen', { name: hit.displayName || hit.account, account: hit.account });
      chosen.hidden = false;
    } }),
    chosen);
  account.addEventListener('input', () => { chosen.hidden = true; });
  const roles = grant.role === 'super' ? ['department', 'enterprise'] : ['department'];
  const role = h('select', { name: 'role' }, roles.map((r) => h('option', { value: r, selected: (existing?.role ?? 'department') === r }, t(`admins.role.${r}`))));
  const offered = allPermissions.filter((p) => grant.permissions.includes(p));
  const checks = offered.map((p) => h('input', { type: 'checkbox', name: 'permissions', value: p, checked: existing ? existing.permissions.includes(p) : p === 'manageAccounts' }));
  const scope = (existing?.departmentIds ?? []).map(String);
  const chips = h('div', { class: 'chips', 'data-testid': 'scope-departments' });
  const drawChips = () => show(chips, scope.length === 0 ? h('span', { class: 'muted' }, t('admins.noScope')) : scope.map((d, i) =>
    h('span', { class: 'chip', 'data-department': departmentNames.get(d) ?? d }, departmentNames.get(d) ?? `#${d}`,
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('memberships.remove'), onclick: () => { scope.splice(i, 1); drawChips(); } }, '×'))));
  drawChips();
  const picker = departmentPicker({
    grant,
    label: t('admins.addScope'),
    testid: 'add-scope',
    onPick: (department) => {
      if (!department || scope.includes(String(department.id))) return;
      departmentNames.set(String(department.id), department.name);
      scope.push(String(department.id));
      drawChips();
    },
  });
  const departmentOnly = h('div', { class: 'department-only' },
    h('div', { class: 'field' }, h('span', { class: 'label' }, t('admins.permissions')),
      h('div', { class: 'checks' }, offered.map((p, i) => h('label', { class: 'check' }, checks[i], ' ', t(`permission.${p}`)))), fields.slot('permissions')),
    h('div', { class: 'field' }, h('span', { class: 'label' }, t('admins.scope')), chips, picker, fields.slot('departmentIds')));
  const syncRole = () => { departmentOnly.hidden = role.value !== 'department'; };
  role.addEventListener('change', syncRole);
  syncRole();
  const submit = h('button', { type: 'submit', 'data-testid': 'save-admin' }, t(existing ? 'common.save' : 'admins.create'));

  const body = () => (role.value === 'enterprise'
    ? { accountId: serverId(account.value.trim() || 0), role: 'enterprise' }
    : { accountId: serverId(account.value.trim() || 0), role: 'department', permissions: checks.filter((c) => c.checked).map((c) => c.value), departmentIds: scope.map(serverId) });

  const onSubmit = async (event) => {
    event.preventDefault();
    fields.clear();
    if (!/^\d+$/.test(account.value.trim())) {
      fields.show({ accountId: t('admins.accountIdNeeded') });
      return;
    }
    submit.disabled = true;
    try {
      let granted;
      if (existing) {
        // No "change a grant" call: revoke and grant again; if the new grant is refused, the old one is put back.
        await api.delete(`${path}/${existing.accountId}`);
        try {
          granted = await api.post(path, body());
        } catch (error) {
          try {
            await api.post(path, { accountId: serverId(existing.accountId), role: existing.role, permissions: existing.permissions, departmentIds: existing.departmentIds.map(serverId) });
          } catch (restore) {
            // The old grant is gone: say so on the page and show the list as it now is.
            onDone();
            notice.say(`${error.message}; ${t('admins.restoreFailed', { reason: restore.message })}`, true);
            return;
          }
          throw error;
        }
      } else {
        granted = await api.post(path, body());
      }
      notice.say(t(existing ? 'admins.updated' : 'admins.created', { account: granted.account }));
      onDone();
    } catch (error) {
      fields.showError(error);
    } finally {
      submit.disabled = false;
    }
  };

  return h('form', { class: 'panel edit-form', 'data-testid': 'admin-form', novalidate: true, onsubmit: onSubmit },
    h('h2', {}, existing ? t('admins.editTitle', { account: existing.account }) : t('admins.new')),
    h('p', { class: 'muted hint' }, t('admins.hint')),
    finder,
    h('div', { class: 'fields' },
      fields.field('accountId', t('admins.accountId'), account),
      fields.field('role', t('admins.role'), role)),
    departmentOnly,
    fields.formError,
    h('div', { class: 'row' }, submit, existing ? h('button', { type: 'button', class: 'secondary', onclick: onDone }, t('common.cancel')) : null));
}
