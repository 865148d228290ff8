// Uploads one file with the unmodified tus-js-client, as a Node app would, and prints one JSON line:
// {"ok": true, "url", "offset", "mediaId", "taskId", "status"} or {"ok": false, "error", "status", "body"}.
//
//   node upload.mjs <endpoint> <file>
//
// Options (environment): TUS_UPLOAD_URL resume this upload URL instead of creating one;
// TUS_CHUNK_SIZE bytes per PATCH (default: the whole rest in one); TUS_DATA_DURING_CREATION=true
// sends the bytes with the creation POST; TUS_FILETYPE the metadata filetype (default
// application/octet-stream); TUS_FILENAME the metadata filename (default: the file's name).
import fs from 'node:fs'
import path from 'node:path'
import * as tus from 'tus-js-client'

const [endpoint, file] = process.argv.slice(2)
if (!endpoint || !file) {
  console.error('usage: node upload.mjs <endpoint> <file>')
  process.exit(2)
}
const env = process.env
const size = fs.statSync(file).size
const events = []

// A Buffer, not a stream: tus-js-client can only re-send bytes it can seek back to, and a retried
// creation-with-upload or PATCH starts again from the server's offset.
const upload = new tus.Upload(fs.readFileSync(file), {
  endpoint,
  uploadUrl: env.TUS_UPLOAD_URL || null,
  chunkSize: env.TUS_CHUNK_SIZE ? Number(env.TUS_CHUNK_SIZE) : Infinity,
  retryDelays: [0, 500, 1000],
  uploadDataDuringCreation: env.TUS_DATA_DURING_CREATION === 'true',
  metadata: {
    filename: env.TUS_FILENAME || path.basename(file),
    filetype: env.TUS_FILETYPE || 'application/octet-stream',
  },
  onShouldRetry(err, attempt, options) {
    const status = err.originalResponse ? err.originalResponse.getStatus() : 0
    events.push({ retry: attempt, status, message: String(err.message).split('\n')[0] })
    return !(status >= 400 && status < 500) || status === 409 || status === 423
  },
  onSuccess({ lastResponse }) {
    print({
      ok: true,
      url: upload.url,
      offset: size,
      status: lastResponse.getStatus(),
      mediaId: lastResponse.getHeader('Smidgen-Media-Id') || null,
      taskId: lastResponse.getHeader('Smidgen-Task-Id') || null,
      events,
    })
  },
  onError(err) {
    const res = err.originalResponse
    print({
      ok: false,
      url: upload.url,
      error: String(err.message),
      status: res ? res.getStatus() : null,
      body: res ? res.getBody() : null,
      events,
    })
    process.exitCode = 1
  },
})

function print(result) {
  process.stdout.write(JSON.stringify(result) + '\n')
}

upload.start()
