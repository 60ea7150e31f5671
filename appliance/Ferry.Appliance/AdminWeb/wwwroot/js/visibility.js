// Visibility rules (issue 3 §3), edited where their subject is shown: an account's rules on its page, a department's
// on the directory page. Each form reads the whole rule (GET …/visibility/accounts|departments/{id}) and saves the
// whole rule (PUT); the server's per-field answers ("visibleDepartments[2]: no department …") go under the fields.
import { api, id as serverId } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { FieldSet, noticeLine } from './forms.js';
import { departmentPicker } from './picker.js';
import { errorPanel, loading } from './views.js';

const rules = '/api/v1/admin/directory/visibility';
const departments = '/api/v1/admin/directory/departments';

/** A checkbox with its label and hint, registered in the field set under the API's name. */
function flag(fields, name, checked, label, hint) {
  const input = h('input', { type: 'checkbox', name, checked, id: `visibility-${name}` });
  fields.inputs.set(name, input);
  return h('div', { class: 'field checkbox-field', 'data-field': name },
    h('label', { class: 'check', for: input.id }, input, ' ', label),
    hint ? h('p', { class: 'muted hint' }, hint) : null,
    fields.slot(name));
}

/**
 * The section shell: loads the rule, then draws the form (or the server's refusal in place of it). The section has
 * its own status line, so it can sit on any page.
 */
function section(testid, title, hint, load, form) {
  const body = h('div', {}, loading());
  const notice = noticeLine();
  notice.dataset.testid = 'visibility-notice';
  const element = h('section', { class: 'panel edit-form visibility', 'data-testid': testid },
    h('h2', {}, title), h('p', { class: 'muted hint' }, hint), notice, body);
  load().then((rule) => show(body, form(rule, notice)), (error) => show(body, errorPanel(error)));
  return element;
}

/** The three flags every rule has, as the API names them. */
function flagValues(fields) {
  return {
    hidden: fields.inputs.get('hidden').checked,
    noDirectory: fields.inputs.get('noDirectory').checked,
    contactsHidden: fields.inputs.get('contactsHidden').checked,
  };
}

/** The submit handler of a rule form: PUT the whole rule, then say so, or show the server's per-field errors. */
function saveRule(fields, notice, save, path, body, saved) {
  return async (event) => {
    event.preventDefault();
    fields.clear();
    notice.hidden = true;
    save.disabled = true;
    try {
      await api.put(path, body());
      notice.say(saved());
    } catch (error) {
      fields.showError(error);
    } finally {
      save.disabled = false;
    }
  };
}

/** An account's rules: hidden, may not see the directory, contact fields hidden. */
export function accountVisibility(account) {
  const path = `${rules}/accounts/${account.id}`;
  return section('account-visibility', t('visibility.title'), t('visibility.accountHint'), () => api.get(path), (rule, notice) => {
    const fields = new FieldSet();
    const inputs = {
      hidden: flag(fields, 'hidden', rule.hidden, t('visibility.hidden'), t('visibility.hiddenAccountHint')),
      noDirectory: flag(fields, 'noDirectory', rule.noDirectory, t('visibility.noDirectory'), t('visibility.noDirectoryAccountHint')),
      contactsHidden: flag(fields, 'contactsHidden', rule.contactsHidden, t('visibility.contactsHidden'), t('visibility.contactsHiddenAccountHint')),
    };
    const save = h('button', { type: 'submit', 'data-testid': 'save-account-visibility' }, t('common.save'));
    const onSubmit = saveRule(fields, notice, save, path, () => flagValues(fields),
      () => t('visibility.savedAccount', { account: account.account }));
    return h('form', { novalidate: true, onsubmit: onSubmit },
      h('div', { class: 'flags' }, Object.values(inputs)), fields.formError, h('div', { class: 'row' }, save));
  });
}

/**
 * A department's rules, for its whole subtree: hidden, members may not see the directory, members' contact fields
 * hidden, and members see only chosen departments (picked from the lazy tree; none chosen: their own only).
 */
export function departmentVisibility(department, grant) {
  const path = `${rules}/departments/${department.id}`;
  return section('department-visibility', t('visibility.title'), t('visibility.departmentHint'), () => api.get(path), (rule, notice) => {
    const fields = new FieldSet();
    const flags = [
      flag(fields, 'hidden', rule.hidden, t('visibility.hidden'), t('visibility.hiddenDepartmentHint')),
      flag(fields, 'noDirectory', rule.noDirectory, t('visibility.noDirectory'), t('visibility.noDirectoryDepartmentHint')),
      flag(fields, 'contactsHidden', rule.contactsHidden, t('visibility.contactsHidden'), t('visibility.contactsHiddenDepartmentHint')),
    ];
    // The chosen departments: { id (string), name }; names fetched, or shown by id when out of the caller's reach.
    const chosen = (rule.visibleDepartments ?? []).map((d) => ({ id: String(d), name: null }));
    const restrict = h('input', { type: 'checkbox', name: 'restrict', id: 'visibility-restrict', checked: rule.visibleDepartments != null, 'data-testid': 'visibility-restrict' });
    const chips = h('div', { class: 'chips', 'data-testid': 'visible-departments' });
    const drawChips = () => show(chips, chosen.length === 0 ? h('span', { class: 'muted' }, t('visibility.ownOnly')) : chosen.map((d, i) =>
      h('span', { class: 'chip', 'data-department': d.name ?? d.id }, d.name ?? `#${d.id}`,
        h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('memberships.remove'), onclick: () => { chosen.splice(i, 1); drawChips(); } }, '×'))));
    const picker = departmentPicker({
      grant,
      label: t('visibility.addDepartment'),
      testid: 'add-visible-department',
      onPick: (picked) => {
        if (!picked || chosen.some((d) => d.id === String(picked.id))) return;
        chosen.push({ id: String(picked.id), name: picked.name });
        drawChips();
      },
    });
    const list = h('div', { class: 'visible-list' }, chips, picker);
    const syncRestrict = () => { list.hidden = !restrict.checked; };
    restrict.addEventListener('change', syncRestrict);
    syncRestrict();
    fields.inputs.set('visibleDepartments', restrict);
    Promise.all(chosen.map(async (d) => {
      try {
        d.name = (await api.get(`${departments}/${d.id}`)).name;
      } catch {
        d.name = null;
      }
    })).then(drawChips);
    drawChips();

    const save = h('button', { type: 'submit', 'data-testid': 'save-department-visibility' }, t('common.save'));
    const onSubmit = saveRule(fields, notice, save, path,
      () => ({ ...flagValues(fields), visibleDepartments: restrict.checked ? chosen.map((d) => serverId(d.id)) : null }),
      () => t('visibility.savedDepartment', { name: department.name }));
    return h('form', { novalidate: true, onsubmit: onSubmit },
      h('div', { class: 'flags' }, flags),
      h('div', { class: 'field', 'data-field': 'visibleDepartments' },
        h('label', { class: 'check', for: restrict.id }, restrict, ' ', t('visibility.restrict')),
        h('p', { class: 'muted hint' }, t('visibility.restrictHint')),
        list,
        fields.slot('visibleDepartments')),
      fields.formError,
      h('div', { class: 'row' }, save));
  });
}
