// What the signed-in administrator holds (GET /api/v1/admin/administrators/me), fetched once per session: the page
// hides what the grant does not allow. The server still decides every call; this only spares dead ends.
import { api, session } from './api.js';

const mePath = '/api/v1/admin/administrators/me';
let cached = null;

/** The caller's grant, or { error } when it is no administrator (or the call failed). */
export function myGrant() {
  const token = session()?.token;
  if (!token) return Promise.resolve({ error: new Error('signed out') });
  if (cached?.token !== token) cached = { token, promise: api.get(mePath).catch((error) => ({ error })) };
  return cached.promise;
}

/** The department administrator's scope roots, fresh (with their current counts). */
export async function scopeRoots() {
  const grant = await api.get(mePath);
  return grant.departments ?? [];
}

export function isAdministrator(grant) {
  return Boolean(grant) && !grant.error;
}

export function isCompanyWide(grant) {
  return isAdministrator(grant) && (grant.role === 'super' || grant.role === 'enterprise');
}

export function holds(grant, permission) {
  return isCompanyWide(grant) || (isAdministrator(grant) && grant.permissions.includes(permission));
}
