// The REST API as the page uses it: the session in sessionStorage (gone when the tab closes), the bearer token on
// every call, and the API's {"error":{code,name,message}} turned into an ApiError.

const sessionKey = 'ferry.admin.session';
let onSignedOut = () => {};

export class ApiError extends Error {
  constructor(status, code, name, message, body = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.name = name;
    this.body = body; // the whole answer, for calls whose refusal carries data (the LDAP sync's plan)
  }

  get forbidden() {
    return this.status === 403;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(sessionKey) ?? 'null');
  } catch {
    return null;
  }
}

/** Called when the server no longer accepts the token (expired, logged out elsewhere, account frozen). */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

export async function login(account, password) {
  // One device id per tab: a login replaces only this tab's earlier session, not the admin's other devices.
  const deviceId = 'web-' + crypto.randomUUID().slice(0, 13);
  const grant = await call('POST', '/api/v1/auth/login', { account, password, deviceId, deviceType: 'web' }, false);
  const stored = { token: grant.token, account: grant.account, accountId: grant.accountId, isAdmin: grant.isAdmin, expiresAtMs: grant.expiresAtMs };
  sessionStorage.setItem(sessionKey, JSON.stringify(stored));
  return stored;
}

export async function logout() {
  try {
    if (session()) await call('POST', '/api/v1/auth/logout');
  } catch {
    // Signing out locally is what matters; the server forgets the session when it expires anyway.
  } finally {
    sessionStorage.removeItem(sessionKey);
  }
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body ?? {}),
  patch: (path, body) => call('PATCH', path, body),
  put: (path, body) => call('PUT', path, body),
  delete: (path) => call('DELETE', path),
  /** Sends a file (or any Blob) as the raw body with its own content type. */
  upload: (method, path, blob, contentType) => call(method, path, blob, true, contentType || blob.type || 'application/octet-stream'),
  /** Fetches a file with the session's token (a plain link would carry none) and hands it to the browser as a download. */
  download: async (path, fallbackName) => {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${session()?.token}` }, cache: 'no-store', credentials: 'omit' });
    if (!response.ok) await failure(response, await response.text(), true);
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: decodeURIComponent(name) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

/** Builds a query string from the defined values only. */
export function query(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

// Server ids are 64-bit and outgrow JavaScript's exact integers (2^53): they are read as strings (parseJson) and
// written back as JSON numbers by wrapping them in id(), whose marker is unguessable so no user text can mimic it.
const idMarker = `ferry-id-${crypto.randomUUID()}:`;

/** A server id to send in a request body: serialised as a bare JSON number, digit for digit. */
export function id(value) {
  return { toJSON: () => idMarker + String(value) };
}

function stringify(body) {
  return JSON.stringify(body).replace(new RegExp(`"${idMarker}(-?\\d+)"`, 'g'), '$1');
}

/** JSON.parse, except that integers beyond 2^53 (server ids) stay exact, as strings. */
export function parseJson(text) {
  let safe = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip the whole string, escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < text.length && '0123456789.eE+-'.includes(text[end])) end++;
      const number = text.slice(i, end);
      if (/^-?\d+$/.test(number) && !Number.isSafeInteger(Number(number))) {
        safe += `${text.slice(copied, i)}"${number}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return JSON.parse(safe + text.slice(copied));
}

async function call(method, path, body, authenticated = true, rawContentType = null) {
  const headers = { Accept: 'application/json' };
  const token = authenticated ? session()?.token : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = rawContentType ?? 'application/json';
  let response;
  try {
    const payload = body === undefined ? undefined : rawContentType ? body : stringify(body);
    response = await fetch(path, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    throw new ApiError(0, 0, 'network', String(error?.message ?? error));
  }

  const text = await response.text();
  if (!response.ok) await failure(response, text, Boolean(token));
  return parse(text);
}

function parse(text) {
  if (!text) return null;
  try {
    return parseJson(text);
  } catch {
    return null;
  }
}

/** Throws the API's error; a 401 on an authenticated call ends the session here. */
async function failure(response, text, authenticated) {
  const data = parse(text);
  const detail = data?.error ?? {};
  const message = detail.message ?? (response.status === 409 && data ? 'conflict' : response.statusText);
  const error = new ApiError(response.status, detail.code ?? 0, detail.name ?? `http_${response.status}`, message, data);
  if (response.status === 401 && authenticated) {
    sessionStorage.removeItem(sessionKey);
    onSignedOut(error);
  }
  throw error;
}

/**
 * Splits an API error into per-field messages. The API names the field first ("password must be…",
 * "name: is required; parentId: …"); a message that names none of the form's fields belongs to the form.
 */
export function fieldErrors(error, fields) {
  const result = {};
  for (const part of String(error.message ?? '').split('; ')) {
    const field = /^([A-Za-z][A-Za-z0-9]*)\b/.exec(part)?.[1];
    const key = fields.includes(field) ? field : '_form';
    result[key] = result[key] ? `${result[key]}; ${part}` : part;
  }
  return result;
}
