// Import with preview: the chosen CSV or XLSX file is checked by the server's dry run first (every row's errors in a
// table, nothing written); only a clean dry run of that same file enables the import. Exports are downloads.
import { api, query } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { noticeLine } from './forms.js';

const importPath = '/api/v1/admin/directory/import';
const exportPath = '/api/v1/admin/directory/export';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const shownNames = 200; // of each list in a report; the counts are always whole
const shownErrors = 1000; // rows of the error table: a file of 100,000 bad rows must not freeze the page

export function renderImport(main) {
  const notice = noticeLine();
  const file = h('input', { type: 'file', id: 'import-file', accept: '.csv,.xlsx,text/csv,' + xlsxType, 'data-testid': 'import-file' });
  const check = h('button', { type: 'button', 'data-testid': 'dry-run', disabled: true }, t('import.check'));
  const run = h('button', { type: 'button', 'data-testid': 'run-import', disabled: true }, t('import.run'));
  const report = h('div', { class: 'report', 'data-testid': 'import-report' });
  let checked = null; // the File whose dry run was clean

  file.addEventListener('change', () => {
    checked = null;
    run.disabled = true;
    check.disabled = !file.files.length;
    show(report);
    notice.hidden = true;
  });

  const send = async (dryRun) => {
    const chosen = file.files[0];
    const type = chosen.name.toLowerCase().endsWith('.xlsx') ? xlsxType : 'text/csv';
    return api.upload('POST', query(importPath, { dryRun }), chosen, type);
  };

  check.addEventListener('click', async () => {
    check.disabled = true;
    run.disabled = true;
    notice.hidden = true;
    show(report, h('p', { class: 'muted' }, t('common.loading')));
    try {
      const result = await send(true);
      show(report, reportView(result));
      if (result.errors.length === 0) checked = file.files[0];
      run.disabled = checked === null;
    } catch (error) {
      show(report);
      notice.say(error.message, true);
    } finally {
      check.disabled = false;
    }
  });

  run.addEventListener('click', async () => {
    if (checked !== file.files[0]) return;
    run.disabled = true;
    check.disabled = true;
    try {
      const result = await send(false);
      checked = null;
      show(report, reportView(result));
      notice.say(t('import.done', { rows: result.rows }));
    } catch (error) {
      // A real import that found errors after all (the directory changed since the dry run) answers 400 with the report.
      if (error.body?.errors) show(report, reportView(error.body));
      notice.say(error.message === 'Bad Request' ? t('import.refused') : error.message, true);
    } finally {
      check.disabled = false;
    }
  });

  const download = (format) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await api.download(query(exportPath, { format }), `directory.${format}`);
    } catch (error) {
      notice.say(error.message, true);
    } finally {
      button.disabled = false;
    }
  };

  show(main,
    h('div', { class: 'page-head' }, h('h1', {}, t('import.title'))),
    notice,
    h('section', { class: 'panel' },
      h('h2', {}, t('import.upload')),
      h('p', { class: 'muted hint' }, t('import.hint')),
      h('div', { class: 'row' }, h('label', { for: 'import-file', class: 'visually-hidden' }, t('import.file')), file, check, run),
      report),
    h('section', { class: 'panel' },
      h('h2', {}, t('import.export')),
      h('p', { class: 'muted hint' }, t('import.exportHint')),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'export-csv', onclick: download('csv') }, t('import.exportCsv')),
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'export-xlsx', onclick: download('xlsx') }, t('import.exportXlsx')))));
}

function reportView(result) {
  const clean = result.errors.length === 0;
  const summary = h('p', { class: clean ? 'notice' : 'notice error', 'data-testid': 'import-summary' },
    clean
      ? t(result.dryRun ? 'import.clean' : 'import.applied', {
        rows: result.rows, departments: result.departmentsCreated.length, created: result.accountsCreated.length, updated: result.accountsUpdated.length,
      })
      : t('import.hasErrors', { errors: result.errors.length }));
  const parts = [summary];
  if (!clean) {
    parts.push(h('table', { class: 'table', 'data-testid': 'import-errors' },
      h('thead', {}, h('tr', {}, h('th', {}, t('import.col.row')), h('th', {}, t('import.col.column')), h('th', {}, t('import.col.message')))),
      h('tbody', {}, result.errors.slice(0, shownErrors).map((e) => h('tr', { 'data-row': e.row },
        h('td', { class: 'num' }, String(e.row)), h('td', { class: 'mono' }, e.column || '—'), h('td', {}, e.message))))),
    result.errors.length > shownErrors ? h('p', { class: 'muted' }, t('import.moreErrors', { count: result.errors.length - shownErrors })) : null);
  }
  const list = (key, items) => (items.length ? h('div', { class: 'report-list', 'data-list': key },
    h('h3', {}, t(`import.${key}`, { count: items.length })),
    h('p', { class: 'mono' }, items.slice(0, shownNames).join(', ') + (items.length > shownNames ? ' …' : ''))) : null);
  parts.push(list('departmentsCreated', result.departmentsCreated), list('accountsCreated', result.accountsCreated), list('accountsUpdated', result.accountsUpdated));
  if (result.initialPasswords?.length) {
    parts.push(h('h3', {}, t('import.passwords')), h('p', { class: 'muted hint' }, t('import.passwordsHint')),
      h('table', { class: 'table', 'data-testid': 'initial-passwords' },
        h('thead', {}, h('tr', {}, h('th', {}, t('accounts.col.account')), h('th', {}, t('accounts.field.password')))),
        h('tbody', {}, result.initialPasswords.map((p) => h('tr', {}, h('td', { class: 'mono' }, p.account), h('td', { class: 'mono' }, p.password))))));
  }
  return parts;
}
