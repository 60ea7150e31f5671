// LDAP / Active Directory sync: the settings form (the bind password is write-only: the server only says whether
// one is set), a preview of what a sync would change, sync now, and the confirmation the freeze guard asks for.
import { api } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { FieldSet, noticeLine } from './forms.js';
import { errorPanel, loading } from './views.js';

const base = '/api/v1/admin/ldap';
const textFields = ['host', 'bindDn', 'baseDn', 'userFilter', 'organizationalUnitFilter', 'trustedCaDirectory'];
const numberFields = ['port', 'pageSize', 'syncIntervalSeconds', 'requestTimeoutSeconds', 'authenticationTimeoutSeconds'];
const attributeFields = ['account', 'displayName', 'mail', 'mobile', 'telephone', 'title', 'employeeNumber', 'departmentName', 'uniqueId'];
const shown = 100; // entries of each plan list on screen; counts are whole

// The settings' validation names some fields without the unit the API body has.
const aliases = { syncInterval: 'syncIntervalSeconds', requestTimeout: 'requestTimeoutSeconds', authenticationTimeout: 'authenticationTimeoutSeconds' };

export async function renderLdap(main) {
  const head = h('div', { class: 'page-head' }, h('h1', {}, t('ldap.title')));
  show(main, head, loading());
  let settings;
  try {
    settings = await api.get(`${base}/settings`); // null (204) until configured
  } catch (error) {
    show(main, head, errorPanel(error));
    return;
  }
  const notice = noticeLine();
  const plan = h('section', { class: 'panel', 'data-testid': 'ldap-plan', hidden: true });
  show(main, head, notice, settingsForm(settings, notice), actions(plan, notice), plan);
}

function settingsForm(current, notice) {
  const s = current ?? {};
  const fields = new FieldSet(aliases);
  const inputs = {};
  const text = (name, value, extra = {}) => { inputs[name] = h('input', { name, value: value ?? '', autocomplete: 'off', ...extra }); return fields.field(name, t(`ldap.field.${name}`), inputs[name]); };
  inputs.security = h('select', { name: 'security' }, ['ldaps', 'startTls', 'plain'].map((v) => h('option', { value: v, selected: (s.security ?? 'ldaps') === v }, t(`ldap.security.${v}`))));
  const password = h('input', { name: 'bindPassword', type: 'password', autocomplete: 'new-password', placeholder: s.bindPasswordSet ? t('ldap.passwordKept') : '' });
  const clearPassword = h('input', { type: 'checkbox', name: 'clearPassword', 'data-testid': 'clear-password' });
  const passwordState = h('p', { class: 'muted hint', 'data-testid': 'password-state' }, t(s.bindPasswordSet ? 'ldap.passwordSet' : 'ldap.passwordNotSet'));
  const extra = h('textarea', { name: 'attributes.extra', rows: 3, placeholder: 'departmentNumber=cost_center' });
  extra.value = Object.entries(s.attributes?.extra ?? {}).map(([attribute, key]) => `${attribute}=${key}`).join('\n');
  inputs['attributes.extra'] = extra;
  const freeze = h('input', { name: 'maxFreezeShare', type: 'number', min: 0, max: 100, step: 'any', value: s.maxFreezeShare === undefined ? '10' : String(Math.round(s.maxFreezeShare * 1000) / 10) });

  const connection = [
    text('host', s.host, { placeholder: 'ldap.example.com' }),
    text('port', s.port ? String(s.port) : '', { inputmode: 'numeric', placeholder: t('ldap.portDefault') }),
    fields.field('security', t('ldap.field.security'), inputs.security),
    text('trustedCaDirectory', s.trustedCaDirectory),
    text('bindDn', s.bindDn, { placeholder: 'cn=ferry,ou=services,dc=example,dc=com' }),
    h('div', { class: 'field', 'data-field': 'bindPassword' },
      h('label', { for: 'ldap-password' }, t('ldap.field.bindPassword')), Object.assign(password, { id: 'ldap-password' }), passwordState,
      s.bindPasswordSet ? h('label', { class: 'check' }, clearPassword, ' ', t('ldap.clearPassword')) : null, fields.slot('bindPassword')),
  ];
  fields.inputs.set('bindPassword', password);
  const search = [
    text('baseDn', s.baseDn, { placeholder: 'dc=example,dc=com' }),
    text('userFilter', s.userFilter ?? '(objectClass=inetOrgPerson)'),
    text('organizationalUnitFilter', s.organizationalUnitFilter ?? '(objectClass=organizationalUnit)'),
    text('pageSize', String(s.pageSize ?? 500), { inputmode: 'numeric' }),
  ];
  const defaults = { account: 'uid', displayName: 'cn', mail: 'mail', mobile: 'mobile', telephone: 'telephoneNumber', title: 'title', employeeNumber: 'employeeNumber', departmentName: 'ou', uniqueId: 'entryUUID' };
  const mapping = attributeFields.map((a) => {
    inputs[`attributes.${a}`] = h('input', { name: `attributes.${a}`, value: s.attributes?.[a] ?? defaults[a], autocomplete: 'off' });
    return fields.field(`attributes.${a}`, t(`ldap.attr.${a}`), inputs[`attributes.${a}`]);
  });
  const schedule = [
    text('syncIntervalSeconds', String(s.syncIntervalSeconds ?? 3600), { inputmode: 'numeric' }),
    fields.field('maxFreezeShare', t('ldap.field.maxFreezeShare'), freeze),
    text('requestTimeoutSeconds', String(s.requestTimeoutSeconds ?? 30), { inputmode: 'numeric' }),
    text('authenticationTimeoutSeconds', String(s.authenticationTimeoutSeconds ?? 10), { inputmode: 'numeric' }),
  ];
  const save = h('button', { type: 'submit', 'data-testid': 'save-ldap' }, t('common.save'));

  const number = (value) => (value.trim() === '' ? null : /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : NaN);
  const onSubmit = async (event) => {
    event.preventDefault();
    fields.clear();
    const body = { security: inputs.security.value, attributes: {} };
    const local = {};
    for (const name of textFields) body[name] = inputs[name].value.trim();
    for (const name of numberFields) {
      body[name] = number(inputs[name].value);
      if (Number.isNaN(body[name])) local[name] = t('ldap.wholeNumber');
    }
    if (body.port === null) body.port = 0;
    for (const a of attributeFields) body.attributes[a] = inputs[`attributes.${a}`].value.trim();
    body.attributes.extra = {};
    for (const line of extra.value.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const [attribute, key] = line.split('=').map((p) => p.trim());
      if (!attribute || !key) local['attributes.extra'] = t('ldap.extraFormat');
      else body.attributes.extra[attribute] = key;
    }
    const share = Number(freeze.value);
    if (freeze.value.trim() === '' || Number.isNaN(share)) local.maxFreezeShare = t('ldap.percent');
    body.maxFreezeShare = share / 100;
    // Write-only: a typed password replaces the stored one, "clear" removes it, nothing typed keeps it.
    if (password.value) body.bindPassword = password.value;
    else if (clearPassword.checked) body.bindPassword = '';
    if (Object.keys(local).length) {
      fields.show(local);
      return;
    }
    save.disabled = true;
    try {
      const stored = await api.put(`${base}/settings`, body);
      password.value = '';
      clearPassword.checked = false;
      passwordState.textContent = t(stored.bindPasswordSet ? 'ldap.passwordSet' : 'ldap.passwordNotSet');
      password.placeholder = stored.bindPasswordSet ? t('ldap.passwordKept') : '';
      notice.say(t('ldap.saved'));
    } catch (error) {
      notice.hidden = true;
      fields.showError(error);
    } finally {
      save.disabled = false;
    }
  };

  return h('form', { class: 'panel edit-form', 'data-testid': 'ldap-form', novalidate: true, onsubmit: onSubmit },
    h('h2', {}, t('ldap.settings')),
    h('h3', {}, t('ldap.connection')), h('div', { class: 'fields' }, connection),
    h('h3', {}, t('ldap.search')), h('div', { class: 'fields' }, search),
    h('h3', {}, t('ldap.mapping')), h('div', { class: 'fields' }, mapping,
      fields.field('attributes.extra', t('ldap.field.extra'), extra, t('ldap.extraHint'))),
    h('h3', {}, t('ldap.schedule')), h('div', { class: 'fields' }, schedule),
    fields.formError,
    h('div', { class: 'row' }, save));
}

function actions(plan, notice) {
  const preview = h('button', { type: 'button', class: 'secondary', 'data-testid': 'ldap-preview' }, t('ldap.preview'));
  const sync = h('button', { type: 'button', 'data-testid': 'ldap-sync' }, t('ldap.syncNow'));
  const busy = async (run) => {
    preview.disabled = true;
    sync.disabled = true;
    notice.hidden = true;
    plan.hidden = false;
    show(plan, loading());
    try {
      await run();
    } catch (error) {
      if (error.status === 409 && error.body?.plan) {
        show(plan, guardView(error.body.plan, () => busy(() => runSync(true))), planView(error.body.plan));
      } else {
        show(plan, errorPanel(error));
      }
    } finally {
      preview.disabled = false;
      sync.disabled = false;
    }
  };
  const runSync = async (confirm) => {
    const result = await api.post(`${base}/sync`, { confirm });
    notice.say(t('ldap.synced'));
    show(plan, h('h2', {}, t('ldap.applied')), planView(result.plan));
  };
  preview.addEventListener('click', () => busy(async () => {
    const result = await api.post(`${base}/preview`);
    show(plan, h('h2', {}, t('ldap.previewTitle')), planView(result));
  }));
  sync.addEventListener('click', () => busy(() => runSync(false)));
  return h('section', { class: 'panel' },
    h('h2', {}, t('ldap.run')), h('p', { class: 'muted hint' }, t('ldap.runHint')), h('div', { class: 'row' }, preview, sync));
}

/** The freeze guard stopped the sync: say how many accounts it would freeze, and let the administrator confirm. */
function guardView(plan, onConfirm) {
  const g = plan.guard;
  return h('div', { class: 'panel forbidden', role: 'alert', 'data-testid': 'ldap-guard' },
    h('h2', {}, t('ldap.guardTitle')),
    h('p', {}, t('ldap.guardText', { freezes: g.freezes, managed: g.managedActive, share: percent(g.share), max: percent(g.maxShare) })),
    h('button', { type: 'button', class: 'danger', 'data-testid': 'ldap-confirm', onclick: onConfirm }, t('ldap.confirm')));
}

function percent(share) {
  return `${Math.round(share * 1000) / 10}%`;
}

function planView(plan) {
  const sections = [
    ['createDepartments', (d) => `${d.name} (${d.dn})`],
    ['renameDepartments', (d) => `${d.oldName} → ${d.name}`],
    ['moveDepartments', (d) => `${d.name} → ${d.parentDn ?? '—'}`],
    ['relinkDepartments', (d) => `${d.oldName} → ${d.dn}`],
    ['removedDepartments', (d) => `${d.name} (${d.dn})`],
    ['createAccounts', (a) => `${a.account}${a.displayName ? ` (${a.displayName})` : ''}`],
    ['updateAccounts', (a) => `${a.account}: ${(a.changes ?? []).map((c) => c.field).join(', ')}`],
    ['unfreezeAccounts', (a) => a.account],
    ['freezeAccounts', (a) => a.account],
  ];
  return [
    h('p', { class: 'muted', 'data-testid': 'plan-summary' }, plan.hasChanges ? t('ldap.hasChanges') : t('ldap.noChanges')),
    h('dl', { class: 'facts plan-counts' }, sections.flatMap(([key]) => [h('dt', {}, t(`ldap.plan.${key}`)), h('dd', { 'data-count': key }, String(plan[key].length))])),
    sections.filter(([key]) => plan[key].length).map(([key, line]) => h('details', { 'data-list': key },
      h('summary', {}, `${t(`ldap.plan.${key}`)} (${plan[key].length})`),
      h('ul', {}, plan[key].slice(0, shown).map((item) => h('li', {}, line(item)))))),
    plan.errors.length ? [h('h3', {}, t('ldap.entryErrors', { count: plan.errors.length })),
      h('ul', { class: 'entry-errors' }, plan.errors.slice(0, shown).map((e) => h('li', {}, h('span', { class: 'mono' }, e.dn), e.account ? ` (${e.account})` : '', `: ${e.problem}`)))] : null,
  ];
}
