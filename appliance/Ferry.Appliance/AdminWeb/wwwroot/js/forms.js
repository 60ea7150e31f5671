// Forms whose rules are the server's: each field has an error slot named like the API names the field
// ("email", "attributes.office", "memberships[1].title"), and a refused request fills the slots it names.
import { h } from './dom.js';

/**
 * Splits an API error message ("field: problem; other: problem") by field: each part goes to the longest known
 * field it starts with (aliases map the API's name to the form's), anything else to "_form".
 */
export function errorsByField(error, fields, aliases = {}) {
  const names = [...fields, ...Object.keys(aliases)];
  const result = {};
  for (const part of String(error?.message ?? error ?? '').split('; ')) {
    let key = '_form';
    let best = 0;
    for (const name of names) {
      if (name.length > best && part.startsWith(name) && !/[A-Za-z0-9_]/.test(part.charAt(name.length))) {
        key = aliases[name] ?? name;
        best = name.length;
      }
    }
    result[key] = result[key] ? `${result[key]}; ${part}` : part;
  }
  return result;
}

/** The fields of one form and their error slots. */
export class FieldSet {
  constructor(aliases = {}) {
    this.aliases = aliases;
    this.inputs = new Map();
    this.slots = new Map();
    this.formError = h('p', { class: 'form-error', role: 'alert', 'data-error-for': '_form', hidden: true });
  }

  /** A labelled field: label, input, optional hint, and the error slot for its API name. */
  field(name, label, input, hint = null) {
    if (!input.id) input.id = `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
    this.inputs.set(name, input);
    return h('div', { class: 'field', 'data-field': name },
      h('label', { for: input.id }, label), input, hint ? h('p', { class: 'muted hint' }, hint) : null, this.slot(name));
  }

  /** An error slot for a name that has no single input (a list, a row's part). */
  slot(name) {
    const element = h('p', { class: 'field-error', 'data-error-for': name, hidden: true });
    this.slots.set(name, element);
    return element;
  }

  clear() {
    this.show({});
  }

  show(byField) {
    const unplaced = [];
    for (const [name, text] of Object.entries(byField)) if (name !== '_form' && !this.slots.has(name)) unplaced.push(text);
    for (const [name, element] of this.slots) {
      element.textContent = byField[name] ?? '';
      element.hidden = !byField[name];
      this.inputs.get(name)?.setAttribute('aria-invalid', byField[name] ? 'true' : 'false');
    }
    const formText = [byField._form, ...unplaced].filter(Boolean).join('; ');
    this.formError.textContent = formText;
    this.formError.hidden = !formText;
  }

  /** Shows a failed request: a 400/409 by field, anything else (403, network) for the whole form. */
  showError(error) {
    if (error?.status === 400 || error?.status === 409) this.show(errorsByField(error, [...this.slots.keys()], this.aliases));
    else this.show({ _form: error?.message ?? String(error) });
  }
}

/** A status line for a page: success or failure, announced to screen readers. */
export function noticeLine() {
  const notice = h('div', { class: 'notice', role: 'status', 'data-testid': 'notice', hidden: true });
  notice.say = (text, isError = false) => {
    notice.textContent = text;
    notice.className = isError ? 'notice error' : 'notice';
    notice.hidden = false;
  };
  return notice;
}
