// One media item: play or view it (with storyboard previews when it has thumbnails), every source with its
// probed facts and URL, edit title,
// metadata and folder, delete and restore, and convert it to another format with live progress.

import {ApiError, api} from './api.js';
import {h, replace, formatBytes, formatDuration, formatTime, percent} from './dom.js';
import {attempt, showError, showNotice} from './notify.js';
import {safeColour} from './library.js';
import {playHls} from './stream.js';
import {storyboardBar} from './storyboard.js';

const FORMATS = {
  video: ['mp4', 'webm', 'mov', 'avi', 'hls'],
  audio: ['mp3', 'aac', 'ogg', 'opus', 'wav', 'flac'],
  image: ['jpeg', 'png', 'webp', 'gif'],
  thumbnails: ['jpeg', 'webp'], // a storyboard's sprite sheets
};
/** What each kind of input converts to (the API's conversion matrix). */
const OUTPUT_KINDS = {video: ['video', 'audio', 'image', 'thumbnails'], audio: ['audio'], image: ['image']};
const SOURCE_FACTS = ['id', 'label', 'kind', 'type', 'container', 'codec', 'width', 'height', 'duration', 'fps', 'frames', 'bitrate',
  'filesize', 'orientation', 'rotation', 'transparency', 'animated', 'language', 'folder', 'filename', 'checksum', 'status', 'created'];
const POLL_MS = 1000;

export class MediaView {
  constructor(root) {
    this.root = root;
    this.polls = new Set();
  }

  /** Stops following tasks when the person leaves the page. */
  leave() {
    for (const timer of this.polls) clearTimeout(timer);
    this.polls.clear();
    if (this.stopStream) this.stopStream();
    this.stopStream = null;
  }

  async show(id) {
    this.id = id;
    replace(this.root, h('p', {'aria-busy': 'true'}, 'Loading…'));
    const result = await attempt(() => api('GET', `/media/${encodeURIComponent(id)}`));
    if (!result) {
      replace(this.root, h('p', {}, h('a', {href: '#/library'}, '← Back to the library')));
      return;
    }
    this.render(result.data);
  }

  render(media) {
    this.media = media;
    this.sourcesEl = h('div', {class: 'sources'});
    replace(this.root, h('article', {class: 'media-detail', dataset: {id: media.id}},
        h('p', {}, h('a', {href: '#/library'}, '← Back to the library')),
        h('h1', {}, media.title || media.id),
        h('div', {class: 'detail-grid'},
            h('div', {class: 'viewer', style: {backgroundColor: safeColour(media.background)}}, this.withStoryboard(media, this.player(media))),
            h('div', {class: 'side'}, this.facts(media), this.editForm(media), this.dangerZone(media))),
        h('section', {'aria-labelledby': 'convert-title'}, h('h2', {id: 'convert-title'}, 'Convert'), this.convertForm(media)),
        h('section', {'aria-labelledby': 'sources-title'}, h('h2', {id: 'sources-title'}, 'Sources'), this.sourcesEl)));
    this.renderSources(media);
  }

  original(media) {
    return (media.sources || []).find((s) => s.original) || (media.sources || [])[0];
  }

  /** The item's HLS package, if it has a ready one: played in preference to the original. */
  stream(media) {
    return (media.sources || []).find((s) => s.format === 'hls' && s.status === 'ready');
  }

  /** The item's ready thumbnails track (docs/api/storyboards.md), if it has one. */
  storyboard(media) {
    return (media.tracks || []).find((t) => t.kind === 'thumbnails' && t.status === 'ready');
  }

  /** The player, with a scrub bar that previews thumbnails under a video that has a storyboard. */
  withStoryboard(media, player) {
    const track = player.tagName === 'VIDEO' ? this.storyboard(media) : null;
    const duration = track ? (media.duration || track.duration) : 0;
    if (!track || !duration) return player;
    return h('div', {class: 'player-stack'}, player,
        storyboardBar(player, track, duration, () => this.signedPackageUrl(track)));
  }

  player(media) {
    const stream = media.kind === 'video' ? this.stream(media) : null;
    if (stream) {
      const video = h('video', {controls: true, playsinline: true, muted: true, 'aria-label': media.title || media.id});
      video.id = 'player';
      video.dataset.stream = stream.id;
      if (this.stopStream) this.stopStream();
      playHls(video, stream.url, () => this.signedPackageUrl(stream),
          (message) => showError(new ApiError(0, 'unsupported_media', message)))
        .then((stop) => { this.stopStream = stop; });
      return video;
    }
    const source = this.original(media);
    if (!source) return h('p', {}, 'No stored file yet.');
    const label = media.title || media.id;
    const el = media.kind === 'video' ? h('video', {controls: true, preload: 'metadata', playsinline: true, 'aria-label': label})
      : media.kind === 'audio' ? h('audio', {controls: true, preload: 'metadata', 'aria-label': label})
        : h('img', {alt: label});
    el.id = 'player';
    el.src = source.url;
    // A private project's URLs need a signature: ask for one once, then show the error if that fails too.
    let signed = false;
    el.addEventListener('error', async () => {
      if (signed) {
        showError(new ApiError(0, 'unsupported_media', 'This browser cannot play or show the file.'));
        return;
      }
      signed = true;
      const url = await this.signedUrl(source);
      if (url) el.src = url;
    });
    return el;
  }

  /** A package is signed by its file id: the one URL (its master playlist's, its WebVTT's) opens every object. */
  async signedPackageUrl(source) {
    const body = {file_id: source.id, method: 'get', expiry: Math.floor(Date.now() / 1000) + 3600};
    const result = await attempt(() => api('POST', '/signatures', body));
    return result ? result.data.url : null;
  }

  async signedUrl(source) {
    const body = {filename: source.filename, method: 'get', expiry: Math.floor(Date.now() / 1000) + 3600};
    if (source.folder) body.folder = source.folder;
    const result = await attempt(() => api('POST', '/signatures', body));
    return result ? result.data.url : null;
  }

  facts(media) {
    const rows = [
      ['Kind', media.kind], ['ID', media.id], ['Status', media.status],
      ['Size', media.width && media.height ? `${media.width} × ${media.height}` : null],
      ['Duration', media.duration ? formatDuration(media.duration) : null], ['Frame rate', media.fps ? `${media.fps} fps` : null],
      ['File size', formatBytes(media.filesize)], ['All sources', formatBytes(media.total_filesize)],
      ['Folder', media.folder || '(none)'], ['Alias', media.alias],
      ['Created', formatTime(media.created)], ['Updated', formatTime(media.updated)],
    ].filter(([, value]) => value !== null && value !== undefined);
    return h('dl', {class: 'facts'}, rows.map(([name, value]) => [h('dt', {}, name), h('dd', {}, String(value))]));
  }

  editForm(media) {
    const title = h('input', {id: 'edit-title', name: 'title', value: media.title || '', maxlength: 255});
    const folder = h('input', {id: 'edit-folder', name: 'folder', value: media.folder || '', spellcheck: 'false'});
    const rows = h('div', {class: 'metadata-rows'});
    const addRow = (key = '', value = '') => {
      const n = rows.children.length;
      const keyInput = h('input', {class: 'meta-key', value: key, 'aria-label': `Metadata key ${n + 1}`, spellcheck: 'false'});
      const valueInput = h('input', {class: 'meta-value', value: value === null ? '' : String(value), 'aria-label': `Metadata value ${n + 1}`});
      const row = h('div', {class: 'metadata-row'}, keyInput, valueInput,
          h('button', {type: 'button', class: 'link', 'aria-label': `Remove metadata ${key || n + 1}`, onclick: () => row.remove()}, 'Remove'));
      row.original = {key, value};
      rows.append(row);
    };
    for (const [key, value] of Object.entries(media.metadata || {})) addRow(key, value);
    const form = h('form', {class: 'edit', 'aria-labelledby': 'edit-title-heading', onsubmit: async (e) => {
      e.preventDefault();
      const body = {title: title.value.trim() || null, metadata: this.metadataPatch(media.metadata || {}, rows)};
      const wanted = folder.value.trim() || null;
      if (wanted !== (media.folder || null)) body.folder = wanted;
      const result = await attempt(() => api('PATCH', `/media/${media.id}`, body));
      if (result) {
        showNotice('Saved.');
        this.render(result.data);
      }
    }},
    h('h2', {id: 'edit-title-heading'}, 'Details'),
    h('label', {for: 'edit-title'}, 'Title'), title,
    h('label', {for: 'edit-folder'}, 'Folder (moves every file)'), folder,
    h('fieldset', {}, h('legend', {}, 'Metadata'), rows,
        h('button', {type: 'button', onclick: () => addRow()}, 'Add field')),
    h('button', {type: 'submit', class: 'primary'}, 'Save'));
    return form;
  }

  /** The metadata merge the API expects: changed keys with their value, removed keys as null. */
  metadataPatch(before, rows) {
    const patch = {};
    const kept = new Set();
    for (const row of rows.querySelectorAll('.metadata-row')) {
      const key = row.querySelector('.meta-key').value.trim();
      const text = row.querySelector('.meta-value').value;
      if (!key) continue;
      kept.add(key);
      const old = before[key];
      // Unchanged values keep their JSON type; an edited number stays a number when it still reads as one.
      if (old !== undefined && old !== null && String(old) === text) continue;
      patch[key] = typeof old === 'number' && text.trim() !== '' && !isNaN(Number(text)) ? Number(text)
        : typeof old === 'boolean' && (text === 'true' || text === 'false') ? text === 'true' : text;
    }
    for (const key of Object.keys(before)) {
      if (!kept.has(key)) patch[key] = null;
    }
    return patch;
  }

  dangerZone(media) {
    return h('div', {class: 'danger'},
        h('button', {type: 'button', class: 'danger-button', id: 'delete-media', onclick: async () => {
          if (!confirm(`Delete “${media.title || media.id}”? It can be restored for a while.`)) return;
          const result = await attempt(() => api('DELETE', `/media/${media.id}`));
          if (result !== undefined) this.renderDeleted(media);
        }}, 'Delete'));
  }

  renderDeleted(media) {
    this.leave();
    replace(this.root, h('article', {class: 'media-detail deleted', dataset: {id: media.id, deleted: 'true'}},
        h('p', {}, h('a', {href: '#/library'}, '← Back to the library')),
        h('h1', {}, `${media.title || media.id} was deleted`),
        h('p', {}, 'It is gone from the library and every API read. Its files are kept for the retention window, '
            + 'and until then it can be restored with everything it had.'),
        h('button', {type: 'button', class: 'primary', id: 'restore-media', onclick: async () => {
          const result = await attempt(() => api('POST', `/media/${media.id}/restore`));
          if (result) {
            showNotice('Restored.');
            await this.show(media.id);
          }
        }}, 'Restore')));
  }

  convertForm(media) {
    const kinds = OUTPUT_KINDS[media.kind] || [];
    const kind = h('select', {id: 'convert-kind', name: 'kind'}, kinds.map((k) => h('option', {value: k}, k)));
    const format = h('select', {id: 'convert-format', name: 'format'});
    const fillFormats = () => replace(format, FORMATS[kind.value].map((f) => h('option', {value: f}, f)));
    kind.addEventListener('change', fillFormats);
    fillFormats();
    const width = h('input', {id: 'convert-width', name: 'width', type: 'number', min: 1, max: 8192, inputmode: 'numeric'});
    const height = h('input', {id: 'convert-height', name: 'height', type: 'number', min: 1, max: 8192, inputmode: 'numeric'});
    const quality = h('input', {id: 'convert-quality', name: 'quality', type: 'number', min: 0, max: 1, step: 0.05, value: '0.8'});
    const label = h('input', {id: 'convert-label', name: 'label', placeholder: 'default: kind-format-width', spellcheck: 'false'});
    this.tasksEl = h('ul', {class: 'task-list', 'aria-live': 'polite'});
    const form = h('form', {class: 'convert', onsubmit: async (e) => {
      e.preventDefault();
      const body = {media_id: media.id, kind: kind.value, format: format.value, quality: Number(quality.value || 0.8)};
      if (width.value) body.width = Number(width.value);
      if (height.value) body.height = Number(height.value);
      if (label.value.trim()) body.label = label.value.trim();
      const result = await attempt(() => api('POST', '/sources', body));
      if (result) this.follow(result.data);
    }},
    h('div', {class: 'fields'},
        h('div', {}, h('label', {for: 'convert-kind'}, 'Kind'), kind),
        h('div', {}, h('label', {for: 'convert-format'}, 'Format'), format),
        h('div', {}, h('label', {for: 'convert-width'}, 'Width'), width),
        h('div', {}, h('label', {for: 'convert-height'}, 'Height'), height),
        h('div', {}, h('label', {for: 'convert-quality'}, 'Quality (0–1)'), quality),
        h('div', {}, h('label', {for: 'convert-label'}, 'Label'), label)),
    h('button', {type: 'submit', class: 'primary', disabled: !kinds.length}, 'Convert'));
    return h('div', {}, form, this.tasksEl);
  }

  /** Shows a conversion task and polls it until it ends; the new source then appears below. */
  follow(task) {
    const bar = h('progress', {max: 1, value: 0, 'aria-label': `Progress of ${task.id}`});
    const status = h('span', {class: 'task-status'});
    const item = h('li', {class: 'task', dataset: {id: task.id}}, h('code', {}, task.id), ' ', status, bar);
    this.tasksEl.prepend(item);
    const update = (t) => {
      item.dataset.status = t.status;
      bar.value = t.status === 'completed' ? 1 : (t.progress || 0);
      status.textContent = t.status === 'failed' && t.error ? `failed: ${t.error.message} (${t.error.code})`
        : `${t.status} ${percent(bar.value)}`;
    };
    update(task);
    const poll = async () => {
      this.polls.delete(timer);
      const result = await attempt(() => api('GET', `/tasks/${task.id}`));
      if (!result || !this.root.contains(item)) return;
      update(result.data);
      if (result.data.status === 'completed') {
        const media = await attempt(() => api('GET', `/media/${this.id}`));
        if (media) {
          this.media = media.data;
          this.renderSources(media.data, result.data.output ? result.data.output.id : null);
        }
      } else if (result.data.status !== 'failed') {
        timer = setTimeout(poll, POLL_MS);
        this.polls.add(timer);
      }
    };
    let timer = setTimeout(poll, POLL_MS);
    this.polls.add(timer);
  }

  renderSources(media, highlight = null) {
    const sources = [...(media.sources || []), ...(media.tracks || [])];
    replace(this.sourcesEl, h('ul', {class: 'source-list'}, sources.map((s) => this.sourceItem(s, s.id === highlight))));
  }

  sourceItem(source, isNew) {
    const url = h('input', {value: source.url || '', readonly: true, 'aria-label': `URL of ${source.label || source.id}`,
      class: 'url', spellcheck: 'false'});
    const copy = h('button', {type: 'button', onclick: async () => {
      try {
        await navigator.clipboard.writeText(url.value);
      } catch (e) {
        url.select();
        document.execCommand('copy'); // clipboard API needs a secure context; plain http falls back here
      }
      copy.textContent = 'Copied';
      setTimeout(() => copy.textContent = 'Copy URL', 1500);
    }}, 'Copy URL');
    const summary = [source.label || '(no label)', source.container || source.type, source.codec,
      source.width && source.height ? `${source.width}×${source.height}` : null,
      source.duration ? formatDuration(source.duration) : null, formatBytes(source.filesize)].filter(Boolean).join(' · ');
    return h('li', {class: `source${isNew ? ' new' : ''}`, dataset: {id: source.id, label: source.label || ''}},
        h('details', {},
            h('summary', {}, summary),
            h('dl', {class: 'facts'}, SOURCE_FACTS.filter((k) => source[k] !== null && source[k] !== undefined)
                .map((k) => [h('dt', {}, k), h('dd', {}, typeof source[k] === 'number' && k === 'filesize'
                  ? `${formatBytes(source[k])} (${source[k]} bytes)` : String(source[k]))]))),
        h('div', {class: 'url-row'}, url, copy));
  }
}
