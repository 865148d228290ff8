// HLS playback for the item page (docs/api/adaptive-streaming.md#the-console): hls.js where the browser
// has Media Source Extensions, else the browser's own HLS playback (Safari), else a clear error.
// hls.js (vendored, pinned: ../vendor/hls.js-1.6.15/README.md) is loaded only when a stream is shown.

const HLS_SCRIPT = 'vendor/hls.js-1.6.15/hls.min.js';
const HLS_TYPE = 'application/vnd.apple.mpegurl';
let loading = null;

/** window.Hls once the vendored script ran (a classic script: script-src 'self' allows it), or null without MSE. */
function loadHls() {
  if (!('MediaSource' in window || 'ManagedMediaSource' in window)) return Promise.resolve(null);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = HLS_SCRIPT;
      script.onload = () => resolve(window.Hls && window.Hls.isSupported() ? window.Hls : null);
      script.onerror = () => reject(new Error('hls.js could not be loaded'));
      document.head.append(script);
    });
  }
  return loading;
}

/**
 * Plays the HLS master playlist at `url` in `video`. A private project's package answers 403 until it
 * is signed: `sign()` is then asked once for the signed master URL (null when that fails), and playback
 * starts over from it. `fail(message)` reports what cannot be played. Returns a function that stops it.
 */
export async function playHls(video, url, sign, fail) {
  let signed = false;
  const signOnce = async () => {
    if (signed) return null;
    signed = true;
    return sign();
  };
  let Hls = null;
  try {
    Hls = await loadHls();
  } catch (e) {
    Hls = null;
  }
  if (Hls) {
    // No worker: the console's policy has no worker-src, and fMP4 segments need no transmuxing.
    const hls = new Hls({enableWorker: false});
    video.dataset.player = 'hls.js';
    hls.on(Hls.Events.ERROR, async (event, data) => {
      if (!data.fatal) return;
      const status = data.response ? data.response.code : 0;
      if (status === 403) {
        const signedUrl = await signOnce();
        if (signedUrl) {
          hls.loadSource(signedUrl);
          return;
        }
      }
      fail(`The stream cannot be played (${data.details}${status ? `, HTTP ${status}` : ''}).`);
      hls.destroy();
    });
    hls.attachMedia(video);
    hls.loadSource(url);
    return () => hls.destroy();
  }
  if (video.canPlayType(HLS_TYPE)) {
    video.dataset.player = 'native';
    video.addEventListener('error', async () => {
      const signedUrl = await signOnce();
      if (signedUrl) video.src = signedUrl;
      else fail('This browser cannot play the stream.');
    });
    video.src = url;
    return () => video.removeAttribute('src');
  }
  fail('This browser can play neither HLS nor Media Source Extensions.');
  return () => {};
}
