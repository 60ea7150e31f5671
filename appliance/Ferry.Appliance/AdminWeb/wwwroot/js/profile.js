// One account: its profile (standard fields and the administrator-defined attributes) and its department
// memberships (several, one primary, a title in each). Every rule is the server's; its per-field answers are shown
// next to the fields they name.
import { api, id as serverId } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { FieldSet, noticeLine } from './forms.js';
import { departmentPicker } from './picker.js';
import { myGrant, isAdministrator, isCompanyWide } from './grant.js';
import { errorPanel, loading, stateLabel } from './views.js';
import { accountVisibility } from './visibility.js';

const directory = '/api/v1/admin/directory';
const textFields = ['displayName', 'title', 'mobile', 'phone', 'email', 'employeeNumber', 'avatar', 'signature'];

export async function renderProfile(main, [accountId]) {
  const head = h('div', { class: 'page-head' }, h('h1', {}, t('profile.title')), h('a', { href: '#/accounts' }, t('profile.back')));
  show(main, head, loading());
  let account;
  let attributes;
  const grant = await myGrant();
  try {
    account = await api.get(`${directory}/accounts/${accountId}`);
    attributes = await attributeDefinitions(account, grant);
  } catch (error) {
    show(main, head, errorPanel(error));
    return;
  }
  const notice = noticeLine();
  show(main,
    h('div', { class: 'page-head' },
      h('h1', { 'data-testid': 'profile-account' }, account.account),
      h('div', { class: 'row' }, stateLabel(account.state),
        isAdministrator(grant)
          ? h('a', { href: `#/administrators/new/${account.id}`, class: 'button-link', 'data-testid': 'make-admin' }, t('profile.makeAdmin')) : null,
        h('a', { href: '#/accounts' }, t('profile.back')))),
    notice,
    h('div', { class: 'forms' }, profileForm(account, attributes, notice), membershipsForm(account, grant, notice)),
    account.state === 'deleted' ? null : accountVisibility(account));
}

/** The defined attributes (company-wide settings); a department administrator, who may not read them, edits those the account has. */
async function attributeDefinitions(account, grant) {
  if (isCompanyWide(grant)) return (await api.get(`${directory}/settings`)).attributes;
  return Object.keys(account.attributes ?? {}).map((key) => ({ key, label: key }));
}

function profileForm(account, attributes, notice) {
  const fields = new FieldSet();
  const inputs = {};
  const items = [];
  for (const name of textFields) {
    inputs[name] = h('input', { name, value: account[name] ?? '', autocomplete: 'off' });
    items.push(fields.field(name, t(`profile.field.${name}`), inputs[name]));
  }
  inputs.gender = h('select', { name: 'gender' },
    ['unspecified', 'male', 'female'].map((g) => h('option', { value: g, selected: account.gender === g }, t(`gender.${g}`))));
  items.splice(5, 0, fields.field('gender', t('profile.field.gender'), inputs.gender));
  const extended = attributes.map((a) => {
    const input = h('input', { name: `attributes.${a.key}`, value: account.attributes?.[a.key] ?? '', autocomplete: 'off' });
    inputs[`attributes.${a.key}`] = input;
    return fields.field(`attributes.${a.key}`, a.label || a.key, input);
  });
  const save = h('button', { type: 'submit', 'data-testid': 'save-profile' }, t('common.save'));

  const onSubmit = async (event) => {
    event.preventDefault();
    fields.clear();
    notice.hidden = true;
    save.disabled = true;
    const body = { gender: inputs.gender.value, attributes: {} };
    for (const name of textFields) body[name] = inputs[name].value;
    for (const a of attributes) body.attributes[a.key] = inputs[`attributes.${a.key}`].value || null;
    try {
      const updated = await api.patch(`${directory}/accounts/${account.id}`, body);
      Object.assign(account, updated);
      notice.say(t('profile.saved', { account: account.account }));
    } catch (error) {
      notice.hidden = true;
      fields.showError(error);
    } finally {
      save.disabled = false;
    }
  };

  return h('form', { class: 'panel edit-form', 'data-testid': 'profile-form', novalidate: true, onsubmit: onSubmit },
    h('h2', {}, t('profile.fields')),
    h('div', { class: 'fields' }, items),
    extended.length ? [h('h3', {}, t('profile.attributes')), h('div', { class: 'fields' }, extended)] : null,
    fields.formError,
    h('div', { class: 'row' }, save));
}

function membershipsForm(account, grant, notice) {
  // Rows: { departmentId (string), name, primary, title }; names come from the departments themselves.
  const rows = account.memberships.map((m) => ({ departmentId: String(m.departmentId), name: null, primary: m.primary, title: m.title ?? '' }));
  const fields = new FieldSet();
  const list = h('div', { class: 'memberships', 'data-testid': 'memberships' });
  const listError = fields.slot('memberships');
  const save = h('button', { type: 'submit', 'data-testid': 'save-memberships' }, t('common.save'));

  const draw = () => {
    for (const name of [...fields.slots.keys()]) if (name.startsWith('memberships[')) fields.slots.delete(name);
    show(list, rows.length === 0 ? h('p', { class: 'muted' }, t('memberships.none')) : rows.map((row, i) => {
      const title = h('input', { name: 'title', value: row.title, placeholder: t('profile.field.title'), 'aria-label': t('memberships.titleIn', { department: row.name ?? row.departmentId }), oninput: (e) => { row.title = e.target.value; } });
      fields.inputs.set(`memberships[${i}].title`, title);
      return h('div', { class: 'membership', 'data-membership': row.name ?? row.departmentId },
        h('label', { class: 'primary' },
          h('input', { type: 'radio', name: `primary-${account.id}`, checked: row.primary, 'data-action': 'primary', onchange: () => { rows.forEach((r) => { r.primary = r === row; }); } }),
          ' ', t('memberships.primary')),
        h('span', { class: 'membership-name' }, row.name ?? `#${row.departmentId}`),
        title,
        h('button', { type: 'button', class: 'small danger', 'data-action': 'remove-membership', onclick: () => { rows.splice(i, 1); draw(); } }, t('memberships.remove')),
        h('div', { class: 'membership-errors' },
          fields.slot(`memberships[${i}].departmentId`), fields.slot(`memberships[${i}].title`), fields.slot(`memberships[${i}]`)));
    }));
  };

  const names = async () => {
    await Promise.all(rows.filter((r) => r.name === null).map(async (row) => {
      try {
        row.name = (await api.get(`${directory}/departments/${row.departmentId}`)).name;
      } catch {
        row.name = `#${row.departmentId}`; // outside a department administrator's scope: shown by id
      }
    }));
    draw();
  };

  const onSubmit = async (event) => {
    event.preventDefault();
    fields.clear();
    notice.hidden = true;
    save.disabled = true;
    try {
      const updated = await api.put(`${directory}/accounts/${account.id}/memberships`, {
        memberships: rows.map((r) => ({ departmentId: serverId(r.departmentId), primary: r.primary, title: r.title })),
      });
      account.memberships = updated.memberships;
      rows.forEach((r) => { r.primary = updated.memberships.some((m) => String(m.departmentId) === r.departmentId && m.primary); });
      draw();
      notice.say(t('memberships.saved', { account: account.account }));
    } catch (error) {
      notice.hidden = true;
      fields.showError(error);
    } finally {
      save.disabled = false;
    }
  };

  const picker = departmentPicker({
    grant,
    label: t('memberships.add'),
    testid: 'add-membership',
    onPick: (department) => {
      if (!department || rows.some((r) => r.departmentId === String(department.id))) return;
      rows.push({ departmentId: String(department.id), name: department.name, primary: rows.length === 0, title: '' });
      draw();
    },
  });

  draw();
  names();
  return h('form', { class: 'panel edit-form', 'data-testid': 'memberships-form', novalidate: true, onsubmit: onSubmit },
    h('h2', {}, t('memberships.title')),
    h('p', { class: 'muted hint' }, t('memberships.hint')),
    list, listError, picker, fields.formError,
    h('div', { class: 'row' }, save));
}
