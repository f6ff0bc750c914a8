// Calls to the gateway's API with the signed-in bearer token. Every error answer of the gateway
// has one shape ({status, error, message, details, path}); callers get it as an ApiError.

const KEY = 'fleetscale.console.session';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The signed-in session ({token, name, role, roles}) or null; kept for this tab only. */
export function session() {
  const raw = sessionStorage.getItem(KEY);
  return raw ? JSON.parse(raw) : null;
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Checks the token with GET /api/v1/session and keeps it for this tab. */
export async function signIn(token) {
  const who = await call('GET', '/api/v1/session', undefined, token);
  const s = { token, name: who.name, role: who.role, roles: who.roles };
  sessionStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

/** Whether the session's role includes {@code role} (viewer < operator < approver < admin). */
export function may(role) {
  const s = session();
  return !!s && s.roles.includes(role);
}

export async function call(method, path, body, token) {
  const t = token ?? session()?.token;
  const headers = { 'Accept': 'application/json' };
  if (t) headers['Authorization'] = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'the gateway cannot be reached: ' + e.message);
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!response.ok) {
    const message = json && json.message ? json.message : response.status + ' ' + response.statusText;
    throw new ApiError(response.status, message);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
