// The console's only way to the server: the public Smidgen API with the key the person pasted.
// Anything it does can be done with curl and the same key.

const KEY_ITEM = 'smidgen.console.key';

/** An API error as the contract defines it: a stable code, a human message, maybe the field. */
export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  /** What a person reads: the message and, in brackets, the code to search the docs for. */
  describe() {
    return `${this.message} (${this.code})`;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY_ITEM, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY_ITEM);
}

/** Reads an error envelope, or makes one up from what the network gave (never fails silently). */
export async function errorFrom(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.code) {
      return new ApiError(response.status, body.error.code, body.error.message, body.error.field);
    }
    // The jobs generation's errors (/jobs, /connections): {"kind": "...", "message": "..."}.
    if (body && typeof body.kind === 'string' && typeof body.message === 'string') {
      return new ApiError(response.status, body.kind, body.message, body.field || null);
    }
  } catch (ignored) {
    // not JSON: a proxy's error page, for instance
  }
  return new ApiError(response.status, response.status === 413 ? 'file_too_large' : 'internal',
      `The server answered ${response.status} ${response.statusText || ''}`.trim() + '.');
}

/** Sends one request with the key; resolves to the response when it is a success, rejects with ApiError. */
async function send(method, path, body) {
  const headers = {Authorization: `Bearer ${storedKey()}`};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'network_error', 'The Smidgen API could not be reached. Check the connection and try again.');
  }
  if (!response.ok) {
    const error = await errorFrom(response);
    if (error.status === 401) window.dispatchEvent(new CustomEvent('smidgen:unauthorized', {detail: error}));
    throw error;
  }
  return response;
}

/** Calls the API on this origin; resolves to the envelope's {data, meta}, rejects with ApiError. */
export async function api(method, path, body) {
  const response = await send(method, path, body);
  if (response.status === 204) return {data: null, meta: {}};
  const envelope = await response.json();
  return {data: envelope.data, meta: envelope.meta || {}};
}

/**
 * Calls the jobs generation (/jobs, /connections), whose answers are the bare resource or a bare
 * array: resolves to {data, headers} (lists page through the Link and X-Has-More headers).
 */
export async function jobsApi(method, path, body) {
  const response = await send(method, path, body);
  return {data: response.status === 204 ? null : await response.json(), headers: response.headers};
}

/** The targets of a Link header by rel: '<https://…?after=x>; rel="next"' → {next: URL}. */
export function links(header) {
  const found = {};
  for (const part of (header || '').split(',')) {
    const match = /<([^>]*)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (!match) continue;
    try {
      found[match[2]] = new URL(match[1], location.href);
    } catch (ignored) {
      // a malformed target is no link to follow
    }
  }
  return found;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.append(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
