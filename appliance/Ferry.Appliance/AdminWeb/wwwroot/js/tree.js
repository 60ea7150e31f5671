// The department tree, loaded lazily: the top level first, a department's children only when it is expanded, so
// the page stays fast with thousands of departments and a hundred thousand accounts. Departments are moved by
// dragging: onto a department (becomes its last child), or onto its upper or lower edge (placed before or after it).
import { api, query, id as serverId } from './api.js';
import { t } from './i18n.js';
import { h, show } from './dom.js';

const departmentsPath = '/api/v1/admin/directory/departments';

export class DepartmentTree {
  /**
   * loadRoots: the top level when it is not the company's (a department administrator's scope roots);
   * draggable: false for a picker, where a drag would move a department by accident.
   */
  constructor({ onSelect, onError, loadRoots = null, draggable = true, label = t('directory.tree') }) {
    this.onSelect = onSelect;
    this.onError = onError;
    this.loadRoots = loadRoots;
    this.draggable = draggable;
    this.nodes = new Map(); // id -> { department, children: id[] | null, expanded }
    this.roots = null; // id[] once the top level is loaded
    this.selected = null;
    this.element = h('ul', { class: 'tree', role: 'tree', 'aria-label': label });
  }

  department(id) {
    return this.nodes.get(id)?.department ?? null;
  }

  /** The loaded children of a parent (0: the top level), in order. */
  childrenOf(parentId) {
    return (parentId === 0 ? this.roots : this.nodes.get(parentId)?.children) ?? [];
  }

  async load() {
    if (this.roots === null) await this.reload(0);
    this.render();
  }

  /** Fetches a parent's children again, keeping what was expanded below them. */
  async reload(parentId) {
    const departments = parentId === 0 && this.loadRoots
      ? await this.loadRoots()
      : (await api.get(query(departmentsPath, { parent: parentId || null }))).departments;
    for (const department of departments) {
      const node = this.nodes.get(department.id);
      if (node) node.department = department;
      else this.nodes.set(department.id, { department, children: null, expanded: false });
    }
    const ids = departments.map((d) => d.id);
    if (parentId === 0) this.roots = ids;
    else if (this.nodes.has(parentId)) this.nodes.get(parentId).children = ids;
  }

  /** After a change under these parents: reload their child lists and the lists that show their counts. */
  async refresh(...parentIds) {
    const lists = new Set();
    for (const parentId of parentIds) {
      const node = this.nodes.get(parentId);
      if (parentId === 0 || node?.children || node?.expanded) lists.add(parentId);
      if (parentId !== 0) lists.add(this.nodes.get(parentId)?.department.parentId ?? 0);
    }
    for (const parentId of lists) {
      if (parentId === 0 || this.nodes.has(parentId)) await this.reload(parentId);
    }
    this.render();
  }

  forget(id) {
    this.nodes.delete(id);
    if (this.selected === id) this.selected = null;
  }

  async toggle(id) {
    const node = this.nodes.get(id);
    node.expanded = !node.expanded;
    if (node.expanded && node.children === null) {
      try {
        await this.reload(id);
      } catch (error) {
        node.expanded = false;
        this.onError(error);
      }
    }
    this.render();
  }

  async expand(id) {
    const node = this.nodes.get(id);
    if (node && !node.expanded) await this.toggle(id);
  }

  select(id) {
    this.selected = id;
    this.render();
    this.onSelect(id);
  }

  render() {
    const items = (this.roots ?? []).map((id) => this.item(id));
    show(this.element, items.length ? items : h('li', { class: 'muted empty' }, t('directory.empty')));
  }

  item(id) {
    const { department, children, expanded } = this.nodes.get(id);
    const hasChildren = department.children > 0;
    const twisty = hasChildren
      ? h('button', { type: 'button', class: 'twisty', 'aria-label': t(expanded ? 'directory.collapse' : 'directory.expand'), onclick: (e) => { e.stopPropagation(); this.toggle(id); } }, expanded ? '▾' : '▸')
      : h('span', { class: 'twisty' });
    const row = h('div', { class: `node${this.selected === id ? ' selected' : ''}`, draggable: this.draggable ? 'true' : null, 'data-id': id, onclick: () => this.select(id) },
      twisty,
      h('span', { class: 'node-name' }, department.name),
      h('span', { class: 'count', title: t('directory.memberCount') }, String(department.members ?? 0)));
    if (this.draggable) this.dragAndDrop(row, department);
    return h('li', { role: 'treeitem', 'aria-expanded': hasChildren ? String(expanded) : null, 'aria-selected': String(this.selected === id), 'data-department': department.name },
      row,
      expanded && children ? h('ul', { role: 'group' }, children.map((child) => this.item(child))) : null);
  }

  dragAndDrop(row, department) {
    const zone = (event) => {
      const box = row.getBoundingClientRect();
      const y = (event.clientY - box.top) / box.height;
      return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'inside';
    };
    const clear = () => row.classList.remove('drop-before', 'drop-after', 'drop-inside');
    row.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData('application/x-ferry-department', String(department.id));
      event.dataTransfer.effectAllowed = 'move';
    });
    row.addEventListener('dragover', (event) => {
      if (!event.dataTransfer.types.includes('application/x-ferry-department')) return;
      event.preventDefault();
      clear();
      row.classList.add(`drop-${zone(event)}`);
    });
    row.addEventListener('dragleave', clear);
    row.addEventListener('drop', (event) => {
      event.preventDefault();
      clear();
      const moved = event.dataTransfer.getData('application/x-ferry-department');
      if (moved && moved !== department.id) this.dropOn(moved, department, zone(event));
    });
  }

  /** Moves a department relative to a target: into it, or before/after it among the target's siblings. */
  async dropOn(movedId, target, where) {
    const parentId = where === 'inside' ? target.id : target.parentId;
    let position = null;
    if (where !== 'inside') {
      const siblings = this.childrenOf(parentId).filter((id) => id !== movedId);
      position = siblings.indexOf(target.id) + (where === 'after' ? 1 : 0);
    }
    await this.move(movedId, parentId, position);
  }

  /** Moves (or reorders) a department; the server refuses cycles, and the error is shown. */
  async move(id, parentId, position) {
    const from = this.department(id)?.parentId ?? 0;
    try {
      await api.post(`${departmentsPath}/${id}/move`, { parentId: serverId(parentId), position });
      if (parentId !== from && parentId !== 0) {
        const target = this.nodes.get(parentId);
        if (target) target.expanded = true;
      }
      await this.refresh(from, parentId);
      this.select(id);
    } catch (error) {
      this.onError(error);
    }
  }
}
