#!/usr/bin/env bash
# Black-box check of the jobs generation of the ittybit API (issue 20), written from the published
# reference alone, not from Smidgen's code: it runs the reference's calls as the curl commands a user
# would copy against a running stack and checks each answer against the published facts (bare objects
# with `object`, `job_`/`task_` ids, Unix-millisecond timestamps, the published statuses, errors as
# {kind, message}, cursor paging, Idempotency-Key replay). One PASS/FAIL line per check, a summary,
# and a non-zero exit status on any failure. What it checks: docs/api/jobs-reference-check.md.
#
#   SMIDGEN_INGEST_ALLOW_PRIVATE=true ./smidgen up      # in one terminal
#   scripts/jobs-reference.sh                           # in another, from the repository
#
# The stack must be started with SMIDGEN_INGEST_ALLOW_PRIVATE=true (setting smidgen.ingest.allow-private,
# docs/configuration.md): the script serves its own media (a 1 s WAV and a small PNG it generates) from
# `python3 -m http.server` on 127.0.0.1, a loopback address that the default stack refuses to ingest.
#
# It reads SMIDGEN_API_URL and SMIDGEN_API_KEY, or .smidgen/env when they are unset. Optional:
#   REF_MEDIA_HOST  the address under which the stack reaches this machine (default 127.0.0.1)
#   REF_TIMEOUT     seconds to wait for a job or task to reach a final status (default 180)
#   REF_LONG_SECONDS  length of the WAV of the job that is cancelled (default 300: 26 MB; a stack with a
#                   smaller download limit needs a shorter one)
#   REF_VERBOSE=1   print each curl command and the body it received
# Needs bash, curl and python3 (json, wave, zlib, http.server). It stops its HTTP server and deletes its
# temporary files on exit; the jobs and tasks it creates stay in the project, as a user's would.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -z "${SMIDGEN_API_URL:-}" || -z "${SMIDGEN_API_KEY:-}" ]]; then
  [[ -f "$ROOT/.smidgen/env" ]] || { echo "set SMIDGEN_API_URL and SMIDGEN_API_KEY, or start the stack (./smidgen up)" >&2; exit 2; }
  # shellcheck disable=SC1091
  . "$ROOT/.smidgen/env"
fi
: "${SMIDGEN_API_URL:?not in .smidgen/env}" "${SMIDGEN_API_KEY:?not in .smidgen/env}"
API="${SMIDGEN_API_URL%/}"
AUTH="Authorization: Bearer $SMIDGEN_API_KEY"
JSON="Content-Type: application/json"
TIMEOUT="${REF_TIMEOUT:-180}"
LONG_SECONDS="${REF_LONG_SECONDS:-300}"
WORK="$(mktemp -d)"
HTTP_PID=""
cleanup() {
  if [[ -n "$HTTP_PID" ]]; then kill "$HTTP_PID" 2>/dev/null; wait "$HTTP_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------
# The published facts, as one python3 helper: `ref.py check WHAT FILE [ARG]` prints nothing when the
# body in FILE is what the reference says WHAT is, else the reason; `ref.py get FILE PATH` prints a field.
cat > "$WORK/ref.py" <<'PY'
import json, sys, time

JOB_KINDS = {"video", "audio", "image", "animation", "adaptive_video"}
TASK_KINDS = JOB_KINDS | {"probe", "import", "export"}
JOB_STATUSES = {"queued", "processing", "succeeded", "failed", "cancelled"}
TASK_STATUSES = {"waiting", "validating", "queued", "processing", "finishing", "succeeded", "failed", "cancelled"}
STAMPS = ("created_at", "started_at", "finished_at", "updated_at")
NOW_MS = time.time() * 1000


class Bad(Exception):
    pass


def need(cond, why):
    if not cond:
        raise Bad(why)


def bare(o, what):
    need(isinstance(o, dict), f"{what} is not a JSON object")
    # The 2025-08-20 generation wraps resources in {"meta", "data"}; this one answers bare.
    need("meta" not in o and not ("data" in o and "object" not in o), f"{what} is wrapped in an envelope")


def stamps(o, what):
    need(isinstance(o.get("created_at"), int) and not isinstance(o.get("created_at"), bool),
         f"{what}.created_at is not an integer: {o.get('created_at')!r}")
    for k in STAMPS:
        v = o.get(k)
        if v is None:
            continue
        need(isinstance(v, int) and not isinstance(v, bool), f"{what}.{k} is not an integer: {v!r}")
        # Unix milliseconds of a resource made in this run: within a day of now (seconds would be ~1000x smaller).
        need(abs(v - NOW_MS) < 86_400_000, f"{what}.{k}={v} is not Unix milliseconds of today")
    if o.get("started_at") is not None:
        need(o["started_at"] >= o["created_at"], f"{what}.started_at is before created_at")
    if o.get("finished_at") is not None:
        start = o["started_at"] if o.get("started_at") is not None else o["created_at"]
        need(o["finished_at"] >= start, f"{what}.finished_at is before it started")


def error_obj(e, what):
    if e is None:
        return
    need(isinstance(e, dict) and isinstance(e.get("kind"), str) and isinstance(e.get("message"), str),
         f"{what}.error is not {{kind, message}}: {e!r}")


def task(t, what="task"):
    bare(t, what)
    need(t.get("object") == "task", f"{what}.object is {t.get('object')!r}, not 'task'")
    need(isinstance(t.get("id"), str) and t["id"].startswith("task_"), f"{what}.id {t.get('id')!r} lacks 'task_'")
    need(t.get("kind") in TASK_KINDS, f"{what}.kind {t.get('kind')!r} is not a published step kind")
    need(t.get("status") in TASK_STATUSES, f"{what}.status {t.get('status')!r} is not a published task status")
    for k in ("input", "options", "output", "progress", "error", "created_at"):
        need(k in t, f"{what} has no '{k}'")
    p = t.get("progress")
    need(p is None or (isinstance(p, (int, float)) and not isinstance(p, bool) and p >= 0),
         f"{what}.progress is not a number: {p!r}")
    error_obj(t.get("error"), what)
    stamps(t, what)


def job(j, what="job"):
    bare(j, what)
    need(j.get("object") == "job", f"{what}.object is {j.get('object')!r}, not 'job'")
    need(isinstance(j.get("id"), str) and j["id"].startswith("job_"), f"{what}.id {j.get('id')!r} lacks 'job_'")
    need(j.get("kind") in JOB_KINDS, f"{what}.kind {j.get('kind')!r} is not a published job kind")
    need(j.get("status") in JOB_STATUSES, f"{what}.status {j.get('status')!r} is not a published job status")
    for k in ("input", "output", "options", "metadata", "error", "tasks", "created_at"):
        need(k in j, f"{what} has no '{k}'")
    need(isinstance(j["tasks"], list), f"{what}.tasks is not an array")
    for i, t in enumerate(j["tasks"]):
        task(t, f"{what}.tasks[{i}]")
    error_obj(j.get("error"), what)
    stamps(j, what)


def items(o):
    # The reference says bare but not how a list is laid out: a JSON array, or a list object with `data`.
    if isinstance(o, list):
        return o
    need(isinstance(o, dict) and isinstance(o.get("data"), list) and "meta" not in o,
         "the list is neither a JSON array nor an object with a 'data' array")
    return o["data"]


def check(what, body, arg):
    if what == "job":
        job(body)
        if arg:
            need(body["id"] == arg, f"job id {body['id']} is not {arg}")
    elif what == "task":
        task(body)
        if arg:
            need(body["id"] == arg, f"task id {body['id']} is not {arg}")
    elif what == "error":
        need(isinstance(body, dict) and set(body) >= {"kind", "message"}, f"error body is not {{kind, message}}: {body!r}")
        need(isinstance(body["message"], str) and body["message"], "error message is empty")
        if arg:
            need(body["kind"] == arg, f"error kind is {body['kind']!r}, not {arg!r}")
    elif what == "list":
        xs = items(body)
        need(len(xs) <= int(arg), f"{len(xs)} items for limit {arg}")
        for i, j in enumerate(xs):
            job(j, f"item[{i}]")
    elif what == "file":
        need(isinstance(body, dict) and body.get("object") == "file", f"not a file object: {body!r}")
        for k in ("kind", "url", "format", "duration", "codecs"):
            need(k in body, f"the file object has no '{k}'")
        need(isinstance(body["codecs"], dict) and {"video", "audio"} <= set(body["codecs"]),
             "file.codecs is not {video, audio}")
    else:
        raise SystemExit(f"unknown check {what}")


def get(body, path):
    for part in path.split("."):
        if part == "ids":
            return " ".join(x["id"] for x in items(body))
        if part == "created":
            return " ".join(str(x["created_at"]) for x in items(body))
        body = body[int(part)] if isinstance(body, list) else body.get(part)
        if body is None:
            return ""
    return body if isinstance(body, str) else json.dumps(body)


if sys.argv[1] == "get":  # a field of a body that is not there prints nothing
    try:
        with open(sys.argv[2]) as f:
            print(get(json.load(f), sys.argv[3]))
    except (ValueError, OSError, KeyError, IndexError, TypeError, AttributeError):
        pass
    raise SystemExit(0)
try:
    with open(sys.argv[3]) as f:
        check(sys.argv[2], json.load(f), sys.argv[4] if len(sys.argv) > 4 else "")
except Bad as e:
    print(e)
except (ValueError, OSError) as e:
    print(f"not JSON: {e}")
except (KeyError, IndexError, TypeError, AttributeError) as e:
    print(f"unexpected shape: {e!r}")
PY
ref() { python3 "$WORK/ref.py" "$@"; }

# ---------------------------------------------------------------------------------------------------
PASSED=0; FAILED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1 — $2"; }
# verdict NAME REASON: PASS when REASON is empty.
verdict() { if [[ -z "$2" ]]; then pass "$1"; else fail "$1" "$2"; fi; }

# shown ARGS…: the command quoted for a shell to paste, with the key as $SMIDGEN_API_KEY.
shown() {
  local a words=()
  for a in "$@"; do
    if [[ "$a" == *"$SMIDGEN_API_KEY"* ]]; then words+=("\"${a//"$SMIDGEN_API_KEY"/\$SMIDGEN_API_KEY}\"")
    elif [[ "$a" =~ ^[A-Za-z0-9_./:=@%+-]+$ ]]; then words+=("$a")
    else words+=("'${a//\'/\'\\\'\'}'"); fi
  done
  echo "${words[*]}"
}
# req FILE curl ARGS…: runs the curl command as written, the body into FILE, the status into $CODE.
CODE=""
req() {
  local out="$WORK/$1"; shift
  [[ "${REF_VERBOSE:-}" == 1 ]] && echo "  \$ $(shown "$@")"
  CODE="$("$@" -o "$out" -w '%{http_code}')" || CODE="000"
  [[ "${REF_VERBOSE:-}" == 1 ]] && { printf '  → %s ' "$CODE"; head -c 600 "$out"; echo; }
  return 0
}
# expect NAME FILE STATUSES WHAT [ARG]: the status is one of STATUSES ("200|201") and the body is WHAT.
expect() {
  local name="$1" file="$WORK/$2" codes="$3" what="$4" arg="${5:-}" why
  if [[ "|$codes|" != *"|$CODE|"* ]]; then
    fail "$name" "HTTP $CODE, expected $codes: $(head -c 300 "$file" 2>/dev/null)"; return 1
  fi
  why="$(ref check "$what" "$file" "$arg")"
  verdict "$name" "$why"
  [[ -z "$why" ]]
}
field() { ref get "$WORK/$1" "$2"; }

# wait_final FILE URL FINALS: polls URL once a second until its status is one of FINALS; SEEN lists
# the statuses it passed through.
SEEN=""
wait_final() {
  local file="$1" url="$2" finals="$3" status="" deadline=$((SECONDS + TIMEOUT))
  SEEN=""
  while ((SECONDS < deadline)); do
    req "$file" curl -sS "$url" -H "$AUTH"
    status="$(field "$file" status)"
    [[ " $SEEN " == *" $status "* ]] || SEEN="${SEEN:+$SEEN }$status"
    [[ "$CODE" == 200 && "|$finals|" == *"|$status|"* ]] && return 0
    sleep 1
  done
  return 1
}
JOB_FINAL="succeeded|failed|cancelled"
TASK_FINAL="succeeded|failed|cancelled"
JOB_STATUSES="queued|processing|$JOB_FINAL"
TASK_STATUSES="waiting|validating|queued|processing|finishing|$TASK_FINAL"
# seen_published NAME STATUSES: every status SEEN while polling is one of STATUSES.
seen_published() {
  local s bad=""
  for s in $SEEN; do [[ "|$2|" == *"|$s|"* ]] || bad="${bad:+$bad, }'$s'"; done
  verdict "$1" "${bad:+not published: $bad (seen: $SEEN)}"
}

# ---------------------------------------------------------------------------------------------------
echo "== test media: a 1 s and a ${LONG_SECONDS} s WAV and a 64x48 PNG, served from $WORK/media"
mkdir -p "$WORK/media"
python3 - "$WORK/media" "$LONG_SECONDS" <<'PY' || { echo "could not generate the test media" >&2; exit 2; }
import math, os, struct, sys, wave, zlib
d = sys.argv[1]
with wave.open(os.path.join(d, "tone.wav"), "wb") as w:   # 1 s of a 440 Hz sine, 16-bit mono 44.1 kHz
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(44100)
    w.writeframes(b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * 440 * i / 44100)))
                           for i in range(44100)))
with open(os.path.join(d, "tone.wav"), "rb") as src, open(os.path.join(d, "long.wav"), "wb") as dst:
    w = wave.open(src); frames = w.readframes(44100)       # minutes of it: a job still running when cancelled
    out = wave.open(dst, "wb"); out.setparams(w.getparams()); out.writeframes(frames * int(sys.argv[2])); out.close()
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
width, height = 64, 48                                    # an RGB gradient
rows = b"".join(b"\x00" + bytes(v for x in range(width) for v in (x * 4, y * 5, 128)) for y in range(height))
with open(os.path.join(d, "card.png"), "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd "$WORK/media" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
HTTP_PID=$!
MEDIA="http://${REF_MEDIA_HOST:-127.0.0.1}:$PORT"
for _ in $(seq 50); do curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$PORT/tone.wav" && break; sleep 0.1; done
curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$PORT/tone.wav" || { echo "the media server did not start" >&2; exit 2; }
WAV="$MEDIA/tone.wav"; PNG="$MEDIA/card.png"
RUN="ref-$(date +%s)-$$"   # makes this run's Idempotency-Keys its own
echo "== API $API"

# --- auth ------------------------------------------------------------------------------------------
req noauth.json curl -sS "$API/jobs"
expect "GET /jobs without Authorization → 401 {kind, message}" noauth.json 401 error
req badauth.json curl -sS "$API/jobs" -H "Authorization: Bearer smdg_not_a_key"
expect "GET /jobs with an unknown key → 401 {kind, message}" badauth.json 401 error

# --- create, with Idempotency-Key --------------------------------------------------------------------
AUDIO_BODY="{\"input\": \"$WAV\", \"kind\": \"audio\", \"options\": {\"format\": \"mp3\"}, \"metadata\": {\"check\": \"$RUN\"}}"
req audio.json curl -sS -X POST "$API/jobs" -H "$AUTH" -H "$JSON" -H "Idempotency-Key: $RUN-audio" -d "$AUDIO_BODY"
AUDIO_ID=""
if expect "POST /jobs kind audio (WAV) → a bare job" audio.json "200|201" job; then
  AUDIO_ID="$(field audio.json id)"
  verdict "POST /jobs echoes input, kind and metadata" "$(
    [[ "$(field audio.json input)" == "$WAV" ]] || echo "input is $(field audio.json input)"
    [[ "$(field audio.json kind)" == audio ]] || echo "kind is $(field audio.json kind)"
    [[ "$(field audio.json metadata.check)" == "$RUN" ]] || echo "metadata is $(field audio.json metadata)")"
fi
req replay.json curl -sS -X POST "$API/jobs" -H "$AUTH" -H "$JSON" -H "Idempotency-Key: $RUN-audio" -d "$AUDIO_BODY"
if expect "POST /jobs again with the same Idempotency-Key → 200" replay.json 200 job; then
  verdict "the replay is the original job" "$([[ -n "$AUDIO_ID" && "$(field replay.json id)" == "$AUDIO_ID" ]] \
    || echo "id $(field replay.json id), original $AUDIO_ID")"
fi

req image.json curl -sS -X POST "$API/jobs" -H "$AUTH" -H "$JSON" \
  -d "{\"input\": \"$PNG\", \"kind\": \"image\", \"options\": {\"format\": \"webp\", \"width\": \"50%\"}}"
IMAGE_ID=""
expect "POST /jobs kind image (PNG, width 50%) → a bare job" image.json "200|201" job && IMAGE_ID="$(field image.json id)"

# --- poll to the end ---------------------------------------------------------------------------------
# check_done NAME FILE KIND: the finished job succeeded, with its steps, and its output downloads.
check_done() {
  local name="$1" file="$2" kind="$3" out
  expect "GET /jobs/{id} of the $name job → a bare job with tasks" "$file" 200 job || return
  verdict "the $name job succeeded" "$([[ "$(field "$file" status)" == succeeded ]] \
    || echo "status $(field "$file" status), error $(field "$file" error)")"
  # The reference names the pipeline probe → import → encode → export; a service whose import
  # probes what it fetches (Smidgen, docs/api/jobs.md#smidgens-choices) shows import alone.
  verdict "the $name job's tasks include probe or import, and $kind, all succeeded" "$(python3 - "$WORK/$file" "$kind" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
kinds = [t["kind"] for t in j["tasks"]]
if not ({"probe", "import"} & set(kinds)) or sys.argv[2] not in kinds: print(f"task kinds {kinds}")
elif any(t["status"] != "succeeded" for t in j["tasks"]): print(f"task statuses {[t['status'] for t in j['tasks']]}")
elif j.get("finished_at") is None: print("finished_at is null")
PY
)"
  out="$(field "$file" output)"
  if [[ "$out" == http* ]]; then
    req output.bin curl -sS -L "$out" -H "$AUTH"
    verdict "the $name job's output URL downloads" "$([[ "$CODE" == 200 && -s "$WORK/output.bin" ]] || echo "HTTP $CODE from $out")"
  else
    fail "the $name job's output URL downloads" "output is '$out'"
  fi
}
for pair in "audio:$AUDIO_ID" "image:$IMAGE_ID"; do
  kind="${pair%%:*}"; id="${pair#*:}"
  if [[ -z "$id" ]]; then fail "the $kind job finishes" "it was not created as published"; continue; fi
  if wait_final "$kind-done.json" "$API/jobs/$id" "$JOB_FINAL"; then
    seen_published "the $kind job's statuses while polling are published job statuses" "$JOB_STATUSES"
    check_done "$kind" "$kind-done.json" "$kind"
  else
    fail "the $kind job finishes" "status '$(field "$kind-done.json" status)' after ${TIMEOUT}s (HTTP $CODE)"
  fi
done

# A job's step is a task of its own.
STEP_ID="$(field audio-done.json tasks.0.id)"
if [[ -n "$STEP_ID" ]]; then
  req step.json curl -sS "$API/tasks/$STEP_ID" -H "$AUTH"
  expect "GET /tasks/{id} of a job's step → that task" step.json 200 task "$STEP_ID"
else
  fail "GET /tasks/{id} of a job's step → that task" "the audio job has no tasks"
fi

# --- standalone tasks -----------------------------------------------------------------------------
req probe.json curl -sS -X POST "$API/tasks" -H "$AUTH" -H "$JSON" -d "{\"kind\": \"probe\", \"input\": {\"url\": \"$WAV\"}}"
PROBE_ID=""
expect "POST /tasks kind probe, input {url} → a bare task" probe.json "200|201" task && PROBE_ID="$(field probe.json id)"
if [[ -n "$PROBE_ID" ]]; then
  if wait_final probe-done.json "$API/tasks/$PROBE_ID" "$TASK_FINAL"; then
    seen_published "the probe's statuses while polling are published task statuses" "$TASK_STATUSES"
    expect "GET /tasks/{id} of the probe → the task" probe-done.json 200 task "$PROBE_ID"
    verdict "the probe succeeded" "$([[ "$(field probe-done.json status)" == succeeded ]] \
      || echo "status $(field probe-done.json status), error $(field probe-done.json error)")"
    field probe-done.json output > "$WORK/file.json"
    verdict "the probe's output is a file object" "$(ref check file "$WORK/file.json")"
  else
    fail "the probe task finishes" "status '$(field probe-done.json status)' after ${TIMEOUT}s (HTTP $CODE)"
  fi
fi
if [[ -s "$WORK/file.json" && "$(ref check file "$WORK/file.json")" == "" ]]; then
  req encode.json curl -sS -X POST "$API/tasks" -H "$AUTH" -H "$JSON" \
    -d "{\"kind\": \"audio\", \"input\": $(cat "$WORK/file.json"), \"options\": {\"format\": \"mp3\"}}"
  if expect "POST /tasks kind audio, input the probe's file → a bare task" encode.json "200|201" task; then
    ENCODE_ID="$(field encode.json id)"
    if wait_final encode-done.json "$API/tasks/$ENCODE_ID" "$TASK_FINAL"; then
      verdict "the standalone audio task succeeded with an output" "$([[ "$(field encode-done.json status)" == succeeded \
        && -n "$(field encode-done.json output)" ]] || echo "status $(field encode-done.json status), output '$(field encode-done.json output)'")"
    else
      fail "the standalone audio task finishes" "status '$(field encode-done.json status)' after ${TIMEOUT}s"
    fi
  fi
else
  fail "POST /tasks kind audio, input the probe's file → a bare task" "no file object from the probe to encode"
fi

# --- cancel ----------------------------------------------------------------------------------------
req cancel-job.json curl -sS -X POST "$API/jobs" -H "$AUTH" -H "$JSON" \
  -d "{\"input\": \"$MEDIA/long.wav\", \"kind\": \"audio\", \"options\": {\"format\": \"flac\"}}"
# The cancel goes out at once, before the checks of the create's answer, to find the job still running.
CANCEL_ID=""; cancel_code="000"; create_code="$CODE"
if [[ "$(cat "$WORK/cancel-job.json" 2>/dev/null)" =~ \"id\"[[:space:]]*:[[:space:]]*\"(job_[^\"]*)\" ]]; then
  CANCEL_ID="${BASH_REMATCH[1]}"
  req cancel.json curl -sS -X POST "$API/jobs/$CANCEL_ID/cancel" -H "$AUTH"
  cancel_code="$CODE"; CODE="$create_code"
fi
if expect "POST /jobs (a job to cancel) → a bare job" cancel-job.json "200|201" job "$CANCEL_ID"; then
  CODE="$cancel_code"
  if [[ "$CODE" == 200 && "$(field cancel.json status)" == succeeded ]]; then
    echo "NOTE the job had succeeded before the cancel arrived, which left it as it was; nothing was cancelled"
    expect "POST /jobs/{id}/cancel of a finished job → the job" cancel.json 200 job "$CANCEL_ID"
  elif [[ "$CODE" == 200 ]]; then
    expect "POST /jobs/{id}/cancel → the job, cancelled" cancel.json 200 job "$CANCEL_ID" \
      && verdict "the cancel answer says cancelled" "$([[ "$(field cancel.json status)" == cancelled ]] || echo "status $(field cancel.json status)")"
    # Running steps stop; within the timeout none may still be waiting, queued or running.
    settled=""
    for _ in $(seq "$TIMEOUT"); do
      req cancelled.json curl -sS "$API/jobs/$CANCEL_ID" -H "$AUTH"
      settled="$(python3 - "$WORK/cancelled.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
live = [t["status"] for t in j.get("tasks", []) if t["status"] not in ("succeeded", "failed", "cancelled")]
if j.get("status") != "cancelled": print(f"job status {j.get('status')}")
elif live: print(f"tasks still {live}")
PY
)"
      [[ -z "$settled" ]] && break
      sleep 1
    done
    verdict "GET /jobs/{id} after cancel: cancelled, no task left running" "$settled"
  else
    # A job can finish before the cancel arrives; then the answer is an error and the job keeps its end.
    req cancelled.json curl -sS "$API/jobs/$CANCEL_ID" -H "$AUTH"
    if [[ "$(field cancelled.json status)" == succeeded ]]; then
      echo "NOTE the job had succeeded before the cancel arrived; nothing was cancelled"
      CODE="$cancel_code"
      expect "POST /jobs/{id}/cancel of a job that had already succeeded → 4xx {kind, message}" cancel.json "400|409|422" error
    else
      fail "POST /jobs/{id}/cancel → the job, cancelled" "HTTP $cancel_code: $(head -c 300 "$WORK/cancel.json")"
    fi
  fi
fi
req cancel-404.json curl -sS -X POST "$API/jobs/job_doesnotexist0000000000/cancel" -H "$AUTH"
expect "POST /jobs/{unknown}/cancel → 404 job_not_found" cancel-404.json 404 error job_not_found

# --- list and cursors (after the three jobs above: a fresh stack has a page to turn) ----------------
req list-default.json curl -sS "$API/jobs" -H "$AUTH"
expect "GET /jobs → at most 20 bare jobs (default limit)" list-default.json 200 list 20
req list-1.json curl -sS "$API/jobs?limit=1" -H "$AUTH"
expect "GET /jobs?limit=1 → at most 1 job" list-1.json 200 list 1 \
  && verdict "GET /jobs?limit=1 → exactly 1 job" "$([[ "$(field list-1.json ids | wc -w)" == 1 ]] || echo "ids: $(field list-1.json ids)")"
# ordered ORDER FILE: created_at of the items descends (desc) or ascends (asc).
ordered() {
  python3 - "$1" "$(field "$2" created)" <<'PY'
import sys
o, xs = sys.argv[1], [int(x) for x in sys.argv[2].split()]
if xs != sorted(xs, reverse=(o == "desc")): print(f"created_at {xs} is not {o}")
PY
}
# ids FILE FROM TO: the ids of items FROM..TO-1 of a list.
ids() { local a; read -ra a <<< "$(field "$1" ids)"; echo "${a[*]:$2:$(($3 - $2))}"; }
for order in desc asc; do
  req "page-$order.json" curl -sS "$API/jobs?limit=3&order=$order" -H "$AUTH"
  expect "GET /jobs?limit=3&order=$order → bare jobs" "page-$order.json" 200 list 3 || continue
  verdict "GET /jobs?order=$order is sorted by created_at $order" "$(ordered "$order" "page-$order.json")"
  read -ra P <<< "$(field "page-$order.json" ids)"
  if ((${#P[@]} < 3)); then fail "cursor paging ($order)" "fewer than 3 jobs to page through"; continue; fi
  req "after-$order.json" curl -sS "$API/jobs?limit=2&order=$order&after=${P[0]}" -H "$AUTH"
  expect "GET /jobs?order=$order&after={id} → bare jobs" "after-$order.json" 200 list 2 \
    && verdict "after={first} continues the $order page" "$([[ "$(ids "after-$order.json" 0 2)" == "${P[1]} ${P[2]}" ]] \
      || echo "got '$(ids "after-$order.json" 0 2)', page was '${P[*]}'")"
  req "before-$order.json" curl -sS "$API/jobs?limit=2&order=$order&before=${P[2]}" -H "$AUTH"
  expect "GET /jobs?order=$order&before={id} → bare jobs" "before-$order.json" 200 list 2 \
    && verdict "before={third} gives the two before it, in $order order" "$([[ "$(ids "before-$order.json" 0 2)" == "${P[0]} ${P[1]}" ]] \
      || echo "got '$(ids "before-$order.json" 0 2)', page was '${P[*]}'")"
done
if [[ -n "$AUDIO_ID" && -n "$IMAGE_ID" ]]; then
  req after-image.json curl -sS "$API/jobs?limit=100&order=desc&after=$IMAGE_ID" -H "$AUTH"
  expect "GET /jobs?limit=100&order=desc&after={image job} → bare jobs" after-image.json 200 list 100 \
    && verdict "the audio job, made before the image job, follows it in desc order" \
      "$([[ " $(field after-image.json ids) " == *" $AUDIO_ID "* ]] || echo "$AUDIO_ID is not after $IMAGE_ID")"
fi

# --- errors ------------------------------------------------------------------------------------------
req bad-kind.json curl -sS -X POST "$API/jobs" -H "$AUTH" -H "$JSON" -d "{\"input\": \"$WAV\", \"kind\": \"hologram\"}"
expect "POST /jobs with an unknown kind → 400 invalid_input" bad-kind.json 400 error invalid_input
req no-input.json curl -sS -X POST "$API/jobs" -H "$AUTH" -H "$JSON" -d '{"kind": "audio"}'
expect "POST /jobs without input → 400 invalid_input" no-input.json 400 error invalid_input
req job-404.json curl -sS "$API/jobs/job_doesnotexist0000000000" -H "$AUTH"
expect "GET /jobs/{unknown} → 404 job_not_found" job-404.json 404 error job_not_found
req task-404.json curl -sS "$API/tasks/task_doesnotexist000000000" -H "$AUTH"
expect "GET /tasks/{unknown} → 404 task_not_found" task-404.json 404 error task_not_found

echo "== $PASSED passed, $FAILED failed"
((FAILED == 0))
