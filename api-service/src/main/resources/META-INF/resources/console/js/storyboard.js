// Storyboard previews for the item page (docs/api/storyboards.md#the-console): a thin scrub bar under the
// video (a native <video controls> seek bar gives pages no hover events) that shows, where the pointer is,
// the thumbnail of that time, cut out of its sprite sheet by the track's #xywh= fragment.

/** Cues of a storyboard WebVTT: {start, end, url, x, y, w, h}, sheet URLs resolved against `base`. */
export function parseStoryboard(text, base) {
  const cues = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const timing = lines[i].match(/^\s*([\d:.]+)\s+-->\s+([\d:.]+)/);
    if (!timing || i + 1 >= lines.length) continue;
    const target = lines[i + 1].trim();
    const hash = target.lastIndexOf('#xywh=');
    if (hash < 0) continue;
    const [x, y, w, h] = target.slice(hash + 6).split(',').map(Number);
    cues.push({start: seconds(timing[1]), end: seconds(timing[2]), url: new URL(target.slice(0, hash), base).href, x, y, w, h});
  }
  return cues;
}

function seconds(stamp) {
  return stamp.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** The cue shown at `time`: the one whose interval holds it, the last one at or past the end. */
export function cueAt(cues, time) {
  if (!cues.length) return null;
  let low = 0;
  let high = cues.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (cues[mid].start <= time) low = mid;
    else high = mid - 1;
  }
  return cues[low];
}

/**
 * The scrub bar of `video` for the storyboard `track` (a File whose url is the WebVTT). A private
 * project's track answers 403 until it is signed: `sign()` is then asked once for the signed WebVTT
 * URL, whose sheet URLs delivery has signed too. Returns the element to put under the video.
 */
export function storyboardBar(video, track, duration, sign) {
  const preview = document.createElement('div');
  preview.className = 'storyboard-preview';
  preview.hidden = true;
  const time = document.createElement('span');
  time.className = 'storyboard-time';
  preview.append(time);
  const fill = document.createElement('div');
  fill.className = 'scrub-fill';
  const bar = document.createElement('div');
  bar.className = 'scrub-bar';
  bar.id = 'scrub-bar';
  bar.dataset.track = track.id;
  bar.setAttribute('role', 'slider');
  bar.setAttribute('aria-label', 'Seek, with thumbnails');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', String(Math.round(duration)));
  bar.tabIndex = 0;
  bar.append(fill);
  const wrap = document.createElement('div');
  wrap.className = 'storyboard';
  wrap.append(preview, bar);

  let cues = [];
  load(track.url, sign).then((loaded) => {
    cues = loaded;
    bar.dataset.cues = String(cues.length);
  }).catch(() => {
    bar.dataset.cues = '0';
  });

  const timeAt = (event) => {
    const box = bar.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    return {fraction, time: fraction * duration};
  };
  bar.addEventListener('pointermove', (event) => {
    const at = timeAt(event);
    const cue = cueAt(cues, at.time);
    if (!cue) return;
    preview.hidden = false;
    Object.assign(preview.style, {
      width: `${cue.w}px`, height: `${cue.h}px`,
      backgroundImage: `url("${cue.url}")`, backgroundPosition: `-${cue.x}px -${cue.y}px`,
      left: `clamp(0px, calc(${at.fraction * 100}% - ${cue.w / 2}px), calc(100% - ${cue.w}px))`,
    });
    preview.dataset.sheet = new URL(cue.url).pathname.split('/').pop();
    preview.dataset.start = String(cue.start);
    time.textContent = formatClock(at.time);
  });
  bar.addEventListener('pointerleave', () => { preview.hidden = true; });
  bar.addEventListener('click', (event) => {
    video.currentTime = timeAt(event).time;
  });
  bar.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 5 : event.key === 'ArrowLeft' ? -5 : 0;
    if (step) video.currentTime = Math.min(duration, Math.max(0, video.currentTime + step));
  });
  video.addEventListener('timeupdate', () => {
    fill.style.width = `${duration ? Math.min(100, (video.currentTime / duration) * 100) : 0}%`;
    bar.setAttribute('aria-valuenow', String(Math.round(video.currentTime)));
  });
  return wrap;
}

async function load(url, sign) {
  let response = await fetch(url);
  let base = url;
  if (response.status === 403) {
    const signed = await sign();
    if (!signed) return [];
    response = await fetch(signed);
    base = signed;
  }
  if (!response.ok) return [];
  return parseStoryboard(await response.text(), base);
}

function formatClock(total) {
  const s = Math.floor(total);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
