// Moving a file's bytes to the upload service, over the two protocols of the uploads document:
// one multipart POST for small files, and for large ones the resumable protocol (chunks PUT with
// X-Upload-Index, GET of the upload URL for what arrived, POST of the part list to finish).
// The chunked protocol is Smidgen's own and needs no client library; tus-js-client, which the
// upload service also speaks, is not published as a Maven artifact this build could take.

import {ApiError, api, errorFrom} from './api.js';

/** Chunks of 5 MiB: the smallest S3 multipart part, so the server joins them without copying bytes. */
export const CHUNK_SIZE = 5 * 1024 * 1024;
/** Files larger than one chunk go resumable: they survive a dropped connection and a reload. */
export const RESUMABLE_ABOVE = CHUNK_SIZE;
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
const RECORD_PREFIX = 'smidgen.console.upload:';

/** Thrown inside a transfer when the person paused or cancelled it; never shown as an error. */
class Stopped extends Error {
}

/**
 * Identifies "the same file" across page loads, as far as a browser can tell without reading it:
 * project, name, size and modification time, and where it is going.
 */
export function fingerprint(projectId, file, options) {
  return [projectId, file.name, file.size, file.lastModified, options.folder || ''].join('|');
}

/** Resumable uploads this browser started and has not finished, to offer resuming after a reload. */
export function savedUploads() {
  const saved = [];
  for (let i = 0; i < localStorage.length; i++) {
    const name = localStorage.key(i);
    if (!name.startsWith(RECORD_PREFIX)) continue;
    try {
      const record = JSON.parse(localStorage.getItem(name));
      if (Date.parse(record.expires) > Date.now()) saved.push(record);
      else localStorage.removeItem(name);
    } catch (e) {
      localStorage.removeItem(name);
    }
  }
  return saved;
}

export function forgetSaved(fingerprintValue) {
  localStorage.removeItem(RECORD_PREFIX + fingerprintValue);
}

function loadSaved(fingerprintValue) {
  try {
    return JSON.parse(localStorage.getItem(RECORD_PREFIX + fingerprintValue));
  } catch (e) {
    return null;
  }
}

/**
 * A session as its upload URL reports it (no API key needed), with the chunks it holds in
 * {@code parts}; {status: 'gone'} once the server has forgotten it.
 */
export async function sessionStatus(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new ApiError(0, 'network_error', 'The connection to the upload service was lost.');
  }
  if (response.status === 404 || response.status === 410) return {status: 'gone'};
  if (!response.ok) throw await errorFrom(response);
  return (await response.json()).data;
}

/** Bytes held in a list of received parts ({size}). */
export function receivedBytes(parts) {
  return parts.reduce((sum, part) => sum + part.size, 0);
}

/** One XMLHttpRequest (fetch cannot report upload progress) that resolves to the parsed body. */
function send(method, url, body, headers, onProgress, onXhr) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers || {})) xhr.setRequestHeader(name, value);
    if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = async () => {
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {status: xhr.status, statusText: xhr.statusText});
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({status: xhr.status, body: xhr.responseText ? JSON.parse(xhr.responseText) : null});
      } else {
        reject(await errorFrom(response));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The connection to the upload service was lost.'));
    xhr.ontimeout = xhr.onerror;
    xhr.onabort = () => reject(new Stopped());
    if (onXhr) onXhr(xhr);
    xhr.send(body);
  });
}

/** Worth trying again: the network, a restarting server, or being asked to slow down. */
function transient(error) {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429);
}

/**
 * One file's upload. Reports through callbacks: progress(sentBytes), state(name, detail), and
 * resolves {@link #run} with the Media the server made of it. States: creating, uploading,
 * retrying, paused, processing, ready, failed, cancelled.
 */
export class Transfer {
  constructor(file, options, projectId, listener) {
    this.file = file;
    this.options = options;
    this.projectId = projectId;
    this.listener = listener;
    this.resumable = file.size > RESUMABLE_ABOVE;
    this.fingerprint = fingerprint(projectId, file, options);
    this.xhr = null;
    this.paused = false;
    this.cancelled = false;
    this.wakeUp = null;
    this.session = null;
    this.phase = 'uploading';
  }

  /** Bytes the server already holds when a saved upload is picked up again (0 for a new one). */
  get resumedFrom() {
    return this._resumedFrom || 0;
  }

  async run() {
    try {
      const media = this.resumable ? await this.runChunked() : await this.runSimple();
      this.listener.state('ready', media);
      return media;
    } catch (e) {
      if (e instanceof Stopped && this.cancelled) {
        this.listener.state('cancelled');
        return null;
      }
      this.listener.state('failed', e instanceof ApiError ? e : new ApiError(0, 'internal', String(e.message || e)));
      return null;
    }
  }

  pause() {
    if (!this.resumable || this.paused) return;
    this.paused = true;
    if (this.xhr) this.xhr.abort();
    this.listener.state('paused');
  }

  resume() {
    if (!this.paused) return;
    this.paused = false;
    if (this.wakeUp) this.wakeUp();
  }

  async cancel() {
    this.cancelled = true;
    this.paused = false;
    if (this.xhr) this.xhr.abort();
    if (this.wakeUp) this.wakeUp();
    forgetSaved(this.fingerprint);
    if (this.session && this.session.url) {
      // Removes the bytes already stored; a failure here leaves them to the server's expiry janitor.
      fetch(this.session.url, {method: 'DELETE'}).catch(() => {});
    }
  }

  async createSession() {
    this.listener.state('creating');
    const body = {resumable: this.resumable, title: this.file.name};
    if (this.options.folder) body.folder = this.options.folder;
    if (this.options.metadata && Object.keys(this.options.metadata).length) body.metadata = this.options.metadata;
    if (this.options.conditions) body.conditions = this.options.conditions;
    const {data} = await api('POST', '/uploads', body);
    return data;
  }

  async runSimple() {
    this.session = await this.createSession();
    this.listener.state('uploading');
    const form = new FormData();
    form.append('file', this.file, this.file.name);
    const result = await send('POST', this.session.url, form, {}, (loaded) => this.reportSent(loaded),
        (xhr) => this.xhr = xhr);
    return this.finished(result);
  }

  /** Sent bytes, then "the server is analysing" once all of them are out. */
  reportSent(sent) {
    this.listener.progress(Math.min(sent, this.file.size));
    if (sent >= this.file.size) this.listener.state('processing');
  }

  async runChunked() {
    const saved = loadSaved(this.fingerprint);
    this.session = saved ? saved.session : await this.newSavedSession();
    let status = await this.retrying(() => this.uploadStatus());
    if (saved && !['open', 'completing', 'completed'].includes(status.status)) {
      this.session = await this.newSavedSession(); // the saved session expired, failed or was cancelled
      status = await this.retrying(() => this.uploadStatus());
    }
    const parts = new Map((status.parts || []).map((part) => [part.index, {etag: part.etag, size: part.size}]));
    this._resumedFrom = this.sumOf(parts);
    this.listener.progress(this._resumedFrom);
    this.phase = 'uploading';
    this.listener.state('uploading', {resumedFrom: this._resumedFrom});
    const count = Math.max(1, Math.ceil(this.file.size / CHUNK_SIZE));
    for (let index = 0; index < count && status.status === 'open'; index++) {
      const start = index * CHUNK_SIZE;
      const chunk = this.file.slice(start, Math.min(this.file.size, start + CHUNK_SIZE));
      if (parts.has(index) && parts.get(index).size === chunk.size) continue;
      const done = this.sumOf(parts);
      const result = await this.retrying(() => send('PUT', this.session.url, chunk, {'X-Upload-Index': String(index)},
          (loaded) => this.listener.progress(done + loaded), (xhr) => this.xhr = xhr));
      parts.set(index, {etag: result.body.data.etag, size: chunk.size});
      this.listener.progress(this.sumOf(parts));
    }
    this.phase = 'processing';
    this.listener.state('processing');
    const list = [...parts.entries()].filter(([index]) => index < count).map(([index, part]) => ({index, etag: part.etag}));
    const media = await this.retrying(() => this.complete(list));
    forgetSaved(this.fingerprint);
    return media;
  }

  sumOf(parts) {
    return receivedBytes([...parts.values()]);
  }

  async newSavedSession() {
    const session = await this.createSession();
    localStorage.setItem(RECORD_PREFIX + this.fingerprint, JSON.stringify({
      fingerprint: this.fingerprint, name: this.file.name, size: this.file.size, options: this.options, expires: session.expires,
      session,
    }));
    return session;
  }

  uploadStatus() {
    return sessionStatus(this.session.url);
  }

  /**
   * Finishes the upload. Asks first, because after a dropped connection the earlier completion may
   * have gone through: then the Media is already there, or still being made.
   */
  async complete(list) {
    const status = await this.uploadStatus();
    if (status.status === 'completed') return (await api('GET', `/media/${status.media_id}`)).data;
    if (status.status === 'completing') {
      throw new ApiError(503, 'processing', 'The server is still putting the upload together.');
    }
    if (status.status !== 'open') {
      const error = status.error || {code: 'upload_expired', message: 'The upload session has ended; upload the file again.'};
      throw new ApiError(409, error.code, error.message);
    }
    const result = await send('POST', this.session.url, JSON.stringify({parts: list}), {'Content-Type': 'application/json'},
        null, (xhr) => this.xhr = xhr);
    return this.finished(result);
  }

  /**
   * Runs one request until it succeeds, waiting out network drops and server hiccups with growing
   * delays (and at once when the browser is back online). Pausing parks it; cancelling ends it.
   */
  async retrying(request) {
    for (let attempt = 0; ; attempt++) {
      await this.whilePaused();
      try {
        return await request();
      } catch (e) {
        if (e instanceof Stopped) {
          if (this.cancelled) throw e;
          attempt = -1; // paused: start counting again when resumed
          continue;
        }
        if (!transient(e)) throw e;
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
        this.listener.state('retrying', {error: e, seconds: Math.round(delay / 1000)});
        await this.sleepUnlessOnline(delay);
        if (this.cancelled) throw new Stopped();
        this.listener.state(this.phase, {resumedFrom: this.resumedFrom});
      }
    }
  }

  async whilePaused() {
    while (this.paused && !this.cancelled) {
      await new Promise((resolve) => this.wakeUp = resolve);
    }
    if (this.cancelled) throw new Stopped();
  }

  sleepUnlessOnline(ms) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        window.removeEventListener('online', done);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      window.addEventListener('online', done);
      this.wakeUp = done;
    });
  }

  /** 201 carries the Media; 202 a task still analysing the file, followed until it ends. */
  async finished(result) {
    const body = result.body.data;
    if (result.status !== 202) return body;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const task = (await api('GET', `/tasks/${body.id}`)).data;
      if (task.status === 'failed') {
        throw new ApiError(422, task.error ? task.error.code : 'internal', task.error ? task.error.message : 'The upload failed.');
      }
      if (task.status === 'completed') {
        const upload = (await api('GET', `/uploads/${this.session.id}`)).data;
        return (await api('GET', `/media/${upload.media_id}`)).data;
      }
    }
  }
}
