// Upload cards: one per file, with a live progress bar, bytes, speed, time left, pause/resume and
// cancel, the failed rule when the upload conditions refuse the file, and READY once the server
// has analysed it and made the Media.

import {h, replace, formatBytes, formatDuration, percent} from './dom.js';
import {Transfer, fingerprint, savedUploads, forgetSaved, receivedBytes, sessionStatus} from './transfers.js';

const STATE_LABELS = {
  waiting: 'Waiting',
  creating: 'Starting',
  uploading: 'Uploading',
  retrying: 'Connection lost',
  paused: 'Paused',
  processing: 'Analysing',
  ready: 'READY',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
};

/** Bytes per second over the last few seconds, so the figure follows the connection as it changes. */
class Speedometer {
  constructor(windowMs = 4000) {
    this.windowMs = windowMs;
    this.samples = [];
  }

  add(bytes) {
    const now = performance.now();
    this.samples.push([now, bytes]);
    while (this.samples.length > 2 && now - this.samples[0][0] > this.windowMs) this.samples.shift();
  }

  reset() {
    this.samples = [];
  }

  bytesPerSecond() {
    if (this.samples.length < 2) return null;
    const [t0, b0] = this.samples[0];
    const [t1, b1] = this.samples[this.samples.length - 1];
    return t1 > t0 ? Math.max(0, (b1 - b0) * 1000 / (t1 - t0)) : null;
  }
}

class UploadCard {
  constructor(name, size) {
    this.size = size;
    this.speed = new Speedometer();
    this.sent = 0;
    const id = `upload-${Math.random().toString(36).slice(2, 10)}`;
    this.stateEl = h('span', {class: 'state'});
    this.bar = h('progress', {max: Math.max(1, size), value: 0, 'aria-labelledby': `${id}-name`});
    this.bytesEl = h('span', {class: 'bytes'});
    this.percentEl = h('span', {class: 'percent'});
    this.speedEl = h('span', {class: 'speed'});
    this.etaEl = h('span', {class: 'eta'});
    this.messageEl = h('p', {class: 'upload-message', hidden: true});
    this.actions = h('div', {class: 'actions'});
    this.el = h('li', {class: 'upload-card', dataset: {name, state: 'waiting'}},
        h('div', {class: 'upload-head'}, h('strong', {class: 'name', id: `${id}-name`}, name), this.stateEl),
        this.bar,
        h('div', {class: 'upload-stats', 'aria-live': 'polite'}, this.bytesEl, this.percentEl, this.speedEl, this.etaEl),
        this.messageEl,
        this.actions);
    this.setState('waiting');
    this.progress(0);
  }

  progress(sent) {
    this.sent = sent;
    this.speed.add(sent);
    this.bar.value = sent;
    this.el.dataset.sent = String(sent);
    this.el.dataset.percent = String(Math.floor(this.size ? sent * 100 / this.size : 100));
    this.bytesEl.textContent = `${formatBytes(sent)} of ${formatBytes(this.size)}`;
    this.percentEl.textContent = percent(this.size ? sent / this.size : 1);
    const rate = this.speed.bytesPerSecond();
    const moving = rate && sent < this.size && this.el.dataset.state === 'uploading';
    this.speedEl.textContent = moving ? `${formatBytes(rate)}/s` : '';
    this.etaEl.textContent = moving ? `${formatDuration((this.size - sent) / rate)} left` : '';
  }

  setState(state, message = '') {
    this.el.dataset.state = state;
    this.stateEl.textContent = STATE_LABELS[state] || state;
    this.messageEl.hidden = !message;
    this.messageEl.textContent = message;
    if (state !== 'uploading') this.speed.reset();
    this.progress(this.sent);
  }

  setActions(...buttons) {
    replace(this.actions, buttons);
  }
}

function button(label, onclick, extra = {}) {
  return h('button', {type: 'button', onclick, ...extra}, label);
}

/**
 * The uploads panel. Files are sent a few at a time; resumable uploads the browser did not finish
 * (tab closed, page reloaded) are listed when the console opens, and picking the same file again
 * continues where the server's copy ends.
 */
export class UploadQueue {
  constructor(panel, list, {projectId, onReady}) {
    this.panel = panel;
    this.list = list;
    this.projectId = projectId;
    this.onReady = onReady;
    this.running = 0;
    this.waiting = [];
    this.interrupted = new Map(); // fingerprint → {card, record}
    this.maxParallel = 3;
  }

  /** Shows the resumable uploads this browser left unfinished in this project. */
  async showInterrupted() {
    for (const record of savedUploads()) {
      if (!record.fingerprint.startsWith(`${this.projectId}|`) || this.interrupted.has(record.fingerprint)) continue;
      const card = new UploadCard(record.name, record.size);
      this.interrupted.set(record.fingerprint, {card, record});
      const input = h('input', {type: 'file', class: 'visually-hidden resume-input', tabindex: '-1',
        'aria-label': `Choose ${record.name} to resume`, onchange: () => this.add([...input.files], record.options || {})});
      card.setState('interrupted', `Choose ${record.name} again to resume where it stopped.`);
      card.setActions(
          button('Choose file to resume', () => input.click()), input,
          button('Discard', () => {
            forgetSaved(record.fingerprint);
            fetch(record.session.url, {method: 'DELETE'}).catch(() => {});
            this.interrupted.delete(record.fingerprint);
            card.el.remove();
          }));
      this.show(card);
      try {
        card.progress(receivedBytes((await sessionStatus(record.session.url)).parts || []));
      } catch (e) {
        // offline: the card still offers resuming, without the figure
      }
    }
  }

  /** Queues files with the session options (folder, metadata, conditions) chosen for them. */
  add(files, options) {
    for (const file of files) {
      const saved = [...this.interrupted.values()].find(({record}) =>
        fingerprint(this.projectId, file, record.options || {}) === record.fingerprint);
      let card;
      let chosen = options;
      if (saved) {
        this.interrupted.delete(saved.record.fingerprint);
        card = saved.card;
        chosen = saved.record.options || {};
      } else {
        card = new UploadCard(file.name, file.size);
        this.show(card);
      }
      const transfer = new Transfer(file, chosen, this.projectId, this.listenerFor(card));
      card.transfer = transfer;
      card.setState('waiting');
      card.setActions(button('Cancel', () => this.cancel(transfer, card)));
      this.waiting.push(() => this.start(transfer, card));
    }
    this.pump();
  }

  show(card) {
    this.panel.hidden = false;
    this.list.prepend(card.el);
  }

  pump() {
    while (this.running < this.maxParallel && this.waiting.length) {
      this.running++;
      this.waiting.shift()().finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  async start(transfer, card) {
    if (card.el.dataset.state === 'cancelled') return;
    const media = await transfer.run();
    if (media) this.onReady(media);
  }

  cancel(transfer, card) {
    transfer.cancel();
    card.setState('cancelled');
    card.setActions(button('Remove', () => card.el.remove()));
  }

  listenerFor(card) {
    return {
      progress: (sent) => card.progress(sent),
      state: (state, detail) => this.render(card, state, detail),
    };
  }

  render(card, state, detail) {
    switch (state) {
      case 'uploading':
        if (detail && detail.resumedFrom) card.el.dataset.resumedFrom = String(detail.resumedFrom);
        card.setState('uploading', detail && detail.resumedFrom ? `Resumed at ${percent(detail.resumedFrom / card.size)}.` : '');
        card.setActions(...this.controls(card, true));
        break;
      case 'retrying':
        card.setState('retrying', `${detail.error.message} Retrying in ${detail.seconds} s; the upload continues where it stopped.`);
        card.setActions(...this.controls(card, true));
        break;
      case 'paused':
        card.setState('paused');
        card.setActions(...this.controls(card, false));
        break;
      case 'processing':
        card.progress(card.size);
        card.setState('processing', 'All bytes sent; the server is analysing the file.');
        card.setActions();
        break;
      case 'ready':
        card.progress(card.size);
        card.el.dataset.mediaId = detail.id;
        card.setState('ready');
        card.setActions(h('a', {class: 'button', href: `#/media/${detail.id}`}, 'Open'),
            button('Dismiss', () => card.el.remove()));
        break;
      case 'failed':
        card.el.dataset.errorCode = detail.code;
        card.setState('failed', detail.describe());
        card.setActions(button('Dismiss', () => card.el.remove()));
        break;
      default:
        card.setState(state);
    }
  }

  controls(card, running) {
    const transfer = card.transfer;
    const list = [];
    if (transfer && transfer.resumable) {
      list.push(running ? button('Pause', () => transfer.pause()) : button('Resume', () => transfer.resume()));
    }
    list.push(button('Cancel', () => this.cancel(transfer, card)));
    return list;
  }
}
