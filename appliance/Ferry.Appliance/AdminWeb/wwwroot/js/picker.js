// Choosing a department from the lazy tree (memberships, administrator scopes): a button that opens a tree without
// drag and drop; a department administrator's tree starts at its own scope roots.
import { t } from './i18n.js';
import { h, show } from './dom.js';
import { DepartmentTree } from './tree.js';
import { isCompanyWide, scopeRoots } from './grant.js';
import { errorPanel } from './views.js';

export function departmentPicker({ grant, label, onPick, testid = 'pick-department' }) {
  const panel = h('div', { class: 'picker', hidden: true, 'data-testid': `${testid}-tree` });
  let tree = null;
  const open = async () => {
    panel.hidden = !panel.hidden;
    if (panel.hidden || tree) return;
    tree = new DepartmentTree({
      draggable: false,
      label,
      loadRoots: isCompanyWide(grant) ? null : scopeRoots,
      onSelect: (id) => onPick(tree.department(id)),
      onError: (error) => show(panel, errorPanel(error)),
    });
    show(panel, h('p', { class: 'muted hint' }, t('picker.hint')), tree.element);
    try {
      await tree.load();
    } catch (error) {
      tree = null;
      show(panel, errorPanel(error));
    }
  };
  return h('div', { class: 'picker-wrap' },
    h('button', { type: 'button', class: 'secondary', 'data-testid': testid, onclick: open }, label),
    panel);
}
