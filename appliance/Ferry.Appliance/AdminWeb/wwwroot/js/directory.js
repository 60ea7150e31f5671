// The directory page: the lazily loaded department tree on the left; the selected department on the right with
// its actions (add a sub-department, rename, move up/down, delete) and its members, paged on the server.
import { api, query, fieldErrors, id as serverId } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { DepartmentTree } from './tree.js';
import { accountTable, errorPanel, loading, pager } from './views.js';
import { myGrant, isAdministrator, isCompanyWide, scopeRoots } from './grant.js';
import { departmentVisibility } from './visibility.js';

const departmentsPath = '/api/v1/admin/directory/departments';
const memberPage = 50;

// One tree per page visit survives redraws (language switch): expanded departments stay expanded.
let tree = null;

export async function renderDirectory(main) {
  const notice = h('div', { class: 'notice', role: 'status', 'data-testid': 'notice', hidden: true });
  const detail = h('section', { class: 'panel detail', 'aria-live': 'polite' });
  const say = (error) => {
    notice.textContent = error?.message ?? String(error);
    notice.className = 'notice error';
    notice.hidden = false;
  };
  // A department administrator's tree starts at its scope roots; only company-wide administrators add top-level departments.
  const grant = await myGrant();
  const scoped = isAdministrator(grant) && !isCompanyWide(grant);
  const previous = tree;
  tree = new DepartmentTree({ onSelect: (id) => { notice.hidden = true; showDepartment(detail, id, say, grant); }, onError: say, loadRoots: scoped ? scopeRoots : null });
  if (previous && previous.scoped === scoped) Object.assign(tree, { nodes: previous.nodes, roots: previous.roots, selected: previous.selected });
  tree.scoped = scoped;

  const side = h('section', { class: 'panel tree-panel' },
    h('div', { class: 'panel-head' }, h('h2', {}, t('directory.departments'))),
    scoped ? null : nameForm({ label: t('directory.newTop'), submit: t('directory.create'), testid: 'new-top', onSubmit: (name) => create(name, 0) }),
    h('p', { class: 'muted hint' }, t('directory.dragHint')),
    tree.element);
  show(main, h('div', { class: 'page-head' }, h('h1', {}, t('directory.title'))), notice, h('div', { class: 'split' }, side, detail));

  show(detail, h('p', { class: 'muted' }, t('directory.select')));
  try {
    await tree.load();
  } catch (error) {
    show(main, h('div', { class: 'page-head' }, h('h1', {}, t('directory.title'))), errorPanel(error));
    return;
  }
  if (tree.selected && tree.department(tree.selected)) showDepartment(detail, tree.selected, say, grant);
}

async function create(name, parentId) {
  const created = await api.post(departmentsPath, { name, parentId: serverId(parentId) });
  if (parentId) await tree.expand(parentId);
  await tree.refresh(parentId);
  tree.select(created.id);
}

function showDepartment(detail, id, say, grant) {
  const department = tree.department(id);
  if (!department) return;
  const siblings = tree.childrenOf(department.parentId);
  const index = siblings.indexOf(id);
  const members = h('div', { class: 'members' });

  const remove = async () => {
    if (!confirm(t('directory.confirmDelete', { name: department.name }))) return;
    try {
      await api.delete(`${departmentsPath}/${id}`);
      tree.forget(id);
      await tree.refresh(department.parentId);
      show(detail, h('p', { class: 'muted' }, t('directory.select')));
    } catch (error) {
      say(error);
    }
  };

  show(detail,
    h('div', { class: 'panel-head' },
      h('h2', { 'data-testid': 'department-name' }, department.name),
      h('span', { class: 'muted' }, t('directory.counts', { children: department.children ?? 0, members: department.members ?? 0 }))),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', class: 'secondary', disabled: index <= 0, 'data-action': 'up', onclick: () => tree.move(id, department.parentId, index - 1) }, t('directory.moveUp')),
      h('button', { type: 'button', class: 'secondary', disabled: index < 0 || index >= siblings.length - 1, 'data-action': 'down', onclick: () => tree.move(id, department.parentId, index + 1) }, t('directory.moveDown')),
      h('button', { type: 'button', class: 'secondary', disabled: department.parentId === 0, 'data-action': 'top', onclick: () => tree.move(id, 0, null) }, t('directory.moveTop')),
      h('button', { type: 'button', class: 'danger', 'data-action': 'delete-department', onclick: remove }, t('directory.delete'))),
    h('div', { class: 'forms' },
      nameForm({ label: t('directory.rename'), submit: t('directory.save'), value: department.name, testid: 'rename', onSubmit: async (name) => {
        await api.patch(`${departmentsPath}/${id}`, { name });
        await tree.refresh(department.parentId);
        tree.select(id);
      } }),
      nameForm({ label: t('directory.newChild'), submit: t('directory.create'), testid: 'new-child', onSubmit: (name) => create(name, id) })),
    h('h3', {}, t('directory.members')),
    members,
    departmentVisibility(department, grant));
  loadMembers(members, id, 0, say);
}

async function loadMembers(container, id, offset, say) {
  show(container, loading());
  try {
    const page = await api.get(query(`${departmentsPath}/${id}/members`, { offset: offset || null, limit: memberPage }));
    show(container,
      accountTable(page.members, { onError: say }),
      offset === 0 && page.next == null ? null : pager({
        hasPrevious: offset > 0,
        hasNext: page.next != null,
        summary: t('pager.range', { from: page.members.length ? offset + 1 : 0, to: offset + page.members.length }),
        onPrevious: () => loadMembers(container, id, Math.max(0, offset - memberPage), say),
        onNext: () => loadMembers(container, id, page.next, say),
      }));
  } catch (error) {
    show(container, errorPanel(error));
  }
}

/** A one-field form for a department name; the API's error for "name" is shown under the field. */
function nameForm({ label, submit, value = '', testid, onSubmit }) {
  const input = h('input', { name: 'name', value, maxlength: 100, 'aria-label': label, placeholder: label, autocomplete: 'off' });
  const error = h('p', { class: 'field-error', 'data-error-for': 'name', hidden: true });
  const button = h('button', { type: 'submit' }, submit);
  return h('form', { class: 'name-form', 'data-testid': testid, novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    try {
      await onSubmit(input.value.trim());
      if (!value) input.value = '';
    } catch (failure) {
      const byField = fieldErrors(failure, ['name']);
      error.textContent = byField.name ?? byField._form ?? failure.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  } }, h('label', {}, label), h('div', { class: 'row' }, input, button), error);
}
