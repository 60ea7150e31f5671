// Two dictionaries, one lookup. The language is the user's last choice, else the browser's.
import en from '../i18n/en.js';
import zh from '../i18n/zh.js';

const dictionaries = { en, zh };
const storageKey = 'ferry.admin.language';
const listeners = new Set();

let current = initial();
document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

function initial() {
  const saved = localStorage.getItem(storageKey);
  if (saved in dictionaries) return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.some((l) => String(l).toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

/** The text for a key in the current language; {name} placeholders are filled from params. */
export function t(key, params = {}) {
  const text = dictionaries[current][key] ?? dictionaries.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function language() {
  return current;
}

export const languages = Object.keys(dictionaries);

export function setLanguage(next) {
  if (!(next in dictionaries) || next === current) return;
  current = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener) {
  listeners.add(listener);
}
