// Enterprise settings: the company's name (shown in the page header) and its logo (PNG or JPEG, uploaded as the
// raw body with its content type; shown from the public logo URL). Super and enterprise administrators only.
import { api } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { FieldSet, noticeLine } from './forms.js';
import { errorPanel, loading } from './views.js';

const path = '/api/v1/admin/enterprise';
const listeners = new Set();
let cached = null; // { token, promise }

/** The enterprise as clients see it ({ name, logoUrl }, public) for the header; null when it cannot be read. */
export function enterprise(token) {
  if (cached?.token !== token) cached = { token, promise: api.get('/api/v1/enterprise').catch(() => null) };
  return cached.promise;
}

/** Called with the enterprise after it changed here, so the header follows. */
export function onEnterpriseChange(listener) {
  listeners.add(listener);
}

/** The admin view ({ name, logo }) after a change: the header's copy, and its listeners. */
function changed(token, value) {
  const shown = { name: value.name, logoUrl: logoUrl(value) };
  cached = { token, promise: Promise.resolve(shown) };
  for (const listener of listeners) listener(shown);
}

function logoUrl(value) {
  return value?.logo ? `/api/v1/enterprise/logo?v=${encodeURIComponent(value.logo.sha256)}` : null;
}

export async function renderEnterprise(main, _, token) {
  const head = h('div', { class: 'page-head' }, h('h1', {}, t('enterprise.title')));
  show(main, head, loading());
  let current;
  try {
    current = await api.get(path);
  } catch (error) {
    show(main, head, errorPanel(error));
    return;
  }
  const notice = noticeLine();
  const fields = new FieldSet();
  const name = h('input', { name: 'name', value: current.name ?? '', autocomplete: 'organization' });
  const save = h('button', { type: 'submit', 'data-testid': 'save-enterprise' }, t('common.save'));
  const logoBox = h('div', { class: 'logo-box', 'data-testid': 'logo-box' });
  const file = h('input', { type: 'file', id: 'logo-file', accept: 'image/png,image/jpeg', 'data-testid': 'logo-file' });
  const logoFields = new FieldSet();

  const drawLogo = () => show(logoBox, current.logo
    ? [h('img', { src: logoUrl(current), alt: t('enterprise.logo'), class: 'logo-preview', 'data-testid': 'logo-preview' }),
      h('p', { class: 'muted hint' }, t('enterprise.logoInfo', { type: current.logo.contentType, bytes: current.logo.bytes })),
      h('button', { type: 'button', class: 'danger', 'data-testid': 'remove-logo', onclick: removeLogo }, t('enterprise.removeLogo'))]
    : h('p', { class: 'muted' }, t('enterprise.noLogo')));

  async function removeLogo(event) {
    event.currentTarget.disabled = true;
    try {
      await api.delete(`${path}/logo`);
      current = await api.get(path);
      changed(token, current);
      drawLogo();
      notice.say(t('enterprise.logoRemoved'));
    } catch (error) {
      logoFields.showError(error);
    }
  }

  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    logoFields.clear();
    try {
      await api.upload('PUT', `${path}/logo`, chosen, chosen.type || (chosen.name.toLowerCase().endsWith('.png') ? 'image/png' : 'image/jpeg'));
      current = await api.get(path);
      changed(token, current);
      drawLogo();
      file.value = '';
      notice.say(t('enterprise.logoSaved'));
    } catch (error) {
      logoFields.show({ _form: error.message });
    }
  });

  const onSubmit = async (event) => {
    event.preventDefault();
    fields.clear();
    save.disabled = true;
    try {
      const updated = await api.patch(path, { name: name.value.trim() });
      current = { ...current, ...updated };
      changed(token, current);
      notice.say(t('enterprise.saved'));
    } catch (error) {
      fields.showError(error);
    } finally {
      save.disabled = false;
    }
  };

  drawLogo();
  show(main, head, notice,
    h('form', { class: 'panel edit-form', 'data-testid': 'enterprise-form', novalidate: true, onsubmit: onSubmit },
      h('h2', {}, t('enterprise.name')),
      h('div', { class: 'fields' }, fields.field('name', t('enterprise.field.name'), name)),
      fields.formError, h('div', { class: 'row' }, save)),
    h('section', { class: 'panel' },
      h('h2', {}, t('enterprise.logo')),
      logoBox,
      h('div', { class: 'field' }, h('label', { for: 'logo-file' }, t('enterprise.upload')), file, h('p', { class: 'muted hint' }, t('enterprise.logoHint'))),
      logoFields.formError));
}
