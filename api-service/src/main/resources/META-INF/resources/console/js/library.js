// The media library: a grid of the project's media with filters, sort and pages, and the place
// files are dropped (anywhere on it) or picked to upload.

import {ApiError, api, query} from './api.js';
import {h, replace, formatBytes, formatDuration} from './dom.js';
import {attempt, showError} from './notify.js';

const SORTS = ['created', 'updated', 'filesize', 'duration', 'width', 'height', 'fps', 'filename'];
const PAGE_SIZE = 24;

/** Filters live in the address (#/library?kind=video&meta=a%3D1&page=2) so a view can be shared and reloaded. */
export function filtersFrom(params) {
  return {
    kind: params.get('kind') || '',
    folder: params.get('folder') || '',
    meta: params.get('meta') || '',
    sort: SORTS.includes(params.get('sort')) ? params.get('sort') : 'created',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1),
  };
}

/**
 * "a=1, b=x" (or one per line) → [["a", "1"], ["b", "x"]]; anything not key=value is refused,
 * naming the form field it came from.
 */
function keyValuePairs(text, separators, field, what) {
  return text.split(separators).map((p) => p.trim()).filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new ApiError(400, 'invalid_request', `${what} "${pair}" must be written key=value.`, field);
    return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
  });
}

/** "user_id=123, plan=pro" → {"metadata.user_id": "123", "metadata.plan": "pro"}, the API's filter parameters. */
export function metadataFilters(text) {
  return Object.fromEntries(keyValuePairs(text, /[,\n]/, 'meta', 'Metadata filter').map(([key, value]) => [`metadata.${key}`, value]));
}

/** "key=value" lines of the upload options → a metadata object (values stay strings). */
function metadataObject(text) {
  return Object.fromEntries(keyValuePairs(text, '\n', 'metadata', 'Metadata line'));
}

export class LibraryView {
  constructor(root, uploads) {
    this.root = root;
    this.uploads = uploads;
    this.dragDepth = 0;
  }

  async show(params) {
    this.filters = filtersFrom(params);
    this.grid = h('ul', {class: 'media-grid', 'aria-label': 'Media', 'aria-busy': 'true'});
    this.pager = h('nav', {class: 'pager', 'aria-label': 'Pages'});
    this.summary = h('p', {class: 'summary', 'aria-live': 'polite'});
    // The input stays in the page (visually hidden) for assistive tech; the button is what people press.
    this.fileInput = h('input', {type: 'file', id: 'file-picker', multiple: true, class: 'visually-hidden', tabindex: '-1',
      'aria-label': 'Files to upload',
      onchange: () => {
        this.upload([...this.fileInput.files]);
        this.fileInput.value = '';
      }});
    this.dropHint = h('div', {class: 'drop-hint', 'aria-hidden': 'true'}, 'Drop files to upload them');
    this.area = h('section', {class: 'library', id: 'library', 'aria-labelledby': 'library-title'},
        h('div', {class: 'library-head'},
            h('h1', {id: 'library-title'}, 'Media library'),
            h('div', {class: 'upload-buttons'},
                h('button', {type: 'button', class: 'primary', onclick: () => this.fileInput.click()}, 'Select files'),
                this.fileInput)),
        h('p', {class: 'hint'}, 'Drop files anywhere on the library to upload them. Large files upload in resumable chunks.'),
        this.uploadOptions(),
        this.filterForm(),
        this.summary, this.grid, this.pager, this.dropHint);
    this.listenForDrops();
    replace(this.root, this.area);
    await this.load();
  }

  uploadOptions() {
    this.optFolder = h('input', {id: 'upload-folder', name: 'folder', placeholder: 'e.g. videos/2026', spellcheck: 'false'});
    this.optMetadata = h('textarea', {id: 'upload-metadata', name: 'metadata', rows: 2, placeholder: 'user_id=123'});
    this.optConditions = h('textarea', {id: 'upload-conditions', name: 'conditions', rows: 3, spellcheck: 'false',
      placeholder: '[{"key": "kind", "operator": "==", "value": "video"}, {"key": "filesize", "operator": "<=", "value": 500000000}]'});
    return h('details', {class: 'upload-options'},
        h('summary', {}, 'Upload options'),
        h('div', {class: 'fields'},
            h('div', {}, h('label', {for: 'upload-folder'}, 'Folder'), this.optFolder),
            h('div', {}, h('label', {for: 'upload-metadata'}, 'Metadata (one key=value per line)'), this.optMetadata),
            h('div', {class: 'wide'}, h('label', {for: 'upload-conditions'}, 'Conditions (JSON, as in the uploads API)'), this.optConditions)));
  }

  /** The options every dropped or picked file is uploaded with; null (and an error shown) when they do not parse. */
  currentOptions() {
    try {
      const options = {folder: this.optFolder.value.trim(), metadata: metadataObject(this.optMetadata.value)};
      const conditions = this.optConditions.value.trim();
      if (conditions) {
        try {
          options.conditions = JSON.parse(conditions);
        } catch (e) {
          throw new ApiError(400, 'invalid_request', `The conditions are not valid JSON: ${e.message}`, 'conditions');
        }
      }
      return options;
    } catch (e) {
      showError(e);
      return null;
    }
  }

  upload(files) {
    if (!files.length) return;
    const options = this.currentOptions();
    if (options) this.uploads.add(files, options);
  }

  listenForDrops() {
    const hasFiles = (e) => e.dataTransfer && [...(e.dataTransfer.types || [])].includes('Files');
    this.area.addEventListener('dragenter', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      this.dragDepth++;
      this.area.classList.add('dragging');
    });
    this.area.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    });
    this.area.addEventListener('dragleave', () => {
      this.dragDepth = Math.max(0, this.dragDepth - 1);
      if (this.dragDepth === 0) this.area.classList.remove('dragging');
    });
    this.area.addEventListener('drop', (e) => {
      e.preventDefault();
      this.dragDepth = 0;
      this.area.classList.remove('dragging');
      this.upload([...(e.dataTransfer ? e.dataTransfer.files : [])]);
    });
  }

  filterForm() {
    const f = this.filters;
    const select = (id, label, values, current) => [
      h('label', {for: id}, label),
      h('select', {id, name: id}, values.map(([value, text]) => h('option', {value, selected: value === current}, text)))];
    const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter media', onsubmit: (e) => {
      e.preventDefault();
      const data = new FormData(form);
      try {
        metadataFilters(String(data.get('meta')));
      } catch (error) {
        showError(error);
        return;
      }
      const next = new URLSearchParams();
      for (const name of ['kind', 'folder', 'meta', 'sort', 'order']) {
        const value = String(data.get(name) || '').trim();
        if (value) next.set(name, value);
      }
      location.hash = `#/library?${next}`;
    }},
    h('div', {}, ...select('kind', 'Kind', [['', 'All'], ['video', 'Video'], ['audio', 'Audio'], ['image', 'Image']], f.kind)),
    h('div', {}, h('label', {for: 'folder'}, 'Folder'), h('input', {id: 'folder', name: 'folder', value: f.folder, spellcheck: 'false'})),
    h('div', {}, h('label', {for: 'meta'}, 'Metadata (key=value, …)'),
        h('input', {id: 'meta', name: 'meta', value: f.meta, placeholder: 'user_id=123', spellcheck: 'false'})),
    h('div', {}, ...select('sort', 'Sort by', SORTS.map((s) => [s, s]), f.sort)),
    h('div', {}, ...select('order', 'Order', [['desc', 'Descending'], ['asc', 'Ascending']], f.order)),
    h('div', {class: 'filter-actions'}, h('button', {type: 'submit'}, 'Apply'),
        h('a', {class: 'button', href: '#/library'}, 'Clear')));
    return form;
  }

  async load() {
    const f = this.filters;
    let filters;
    try {
      filters = metadataFilters(f.meta);
    } catch (e) {
      showError(e);
      filters = {};
    }
    const result = await attempt(() => api('GET', `/media${query({page: f.page, limit: PAGE_SIZE, sort: f.sort, order: f.order,
      kind: f.kind, folder: f.folder, ...filters})}`));
    this.grid.setAttribute('aria-busy', 'false');
    if (!result) return;
    const {data, meta} = result;
    this.summary.textContent = meta.total === 1 ? '1 media' : `${meta.total} media`;
    replace(this.grid, data.length ? data.map((m) => this.tile(m))
        : h('li', {class: 'empty'}, 'Nothing here yet. Drop files to upload them, or change the filters.'));
    this.renderPager(meta);
  }

  /** Reloads the grid after an upload finishes, without rebuilding the forms. */
  refresh() {
    if (this.area && this.area.isConnected) this.load();
  }

  tile(media) {
    const thumb = h('div', {class: 'thumb', style: {backgroundColor: safeColour(media.background)}});
    if (/^data:image\/[a-z+]+;base64,[A-Za-z0-9+/=]+$/.test(media.placeholder || '')) {
      thumb.style.backgroundImage = `url("${media.placeholder}")`;
    }
    const still = media.poster || (media.kind === 'image' ? media.original : null);
    if (still) {
      const img = h('img', {src: still, alt: '', loading: 'lazy', decoding: 'async'});
      img.addEventListener('error', () => img.remove()); // private projects: the placeholder stays
      thumb.append(img);
    } else if (media.kind === 'audio') {
      thumb.append(h('span', {class: 'kind-icon', 'aria-hidden': 'true'}, '♪'));
    }
    const facts = [media.kind, media.duration ? formatDuration(media.duration) : null, formatBytes(media.total_filesize || media.filesize)]
        .filter(Boolean).join(' · ');
    return h('li', {class: 'tile', dataset: {id: media.id, kind: media.kind || ''}},
        h('a', {href: `#/media/${media.id}`, class: 'tile-link'},
            thumb,
            h('span', {class: 'tile-title'}, media.title || media.id),
            h('span', {class: 'tile-facts'}, facts)));
  }

  renderPager(meta) {
    const pages = Math.max(1, meta.pages || 1);
    const page = Math.min(this.filters.page, pages);
    const link = (target, text, label) => {
      const params = new URLSearchParams(location.hash.split('?')[1] || '');
      params.set('page', String(target));
      return h('a', {class: 'button', href: `#/library?${params}`, 'aria-label': label}, text);
    };
    replace(this.pager,
        page > 1 ? link(page - 1, '← Previous', 'Previous page') : null,
        h('span', {class: 'page-of'}, `Page ${page} of ${pages}`),
        page < pages ? link(page + 1, 'Next →', 'Next page') : null);
  }
}

/** The API promises #RRGGBB; anything else is not put into a style. */
export function safeColour(value) {
  return /^#[0-9a-fA-F]{6}$/.test(value || '') ? value : '#d9dde3';
}
