#!/bin/sh
# One-shot "first project + API key" for the docker-compose stack (service `bootstrap`, profile
# `bootstrap`). Runs in the api-service image (it has sh and curl), talks to the admin API with
# SMIDGEN_ADMIN_TOKEN, and prints an env file on stdout in the same shape as ./smidgen up's
# .smidgen/env, so the README's curl walk-through works unchanged:
#
#   mkdir -p .smidgen && docker compose run --rm -T bootstrap > .smidgen/env
#   source .smidgen/env
#
# Like ./smidgen up it finds or creates the project named "default" and issues a new key for it (a
# key is only shown once, so every run issues one more; revoke old ones through the admin API).
# Progress goes to stderr; only the env lines go to stdout.
set -eu

api="${BOOTSTRAP_API_URL:-http://api-service:8080}"
# Readiness is on the api-service's management port, not on the API port.
health="${BOOTSTRAP_HEALTH_URL:-http://api-service:8180/q/health/ready}"
project_name="${BOOTSTRAP_PROJECT:-default}"
: "${SMIDGEN_ADMIN_TOKEN:?SMIDGEN_ADMIN_TOKEN is not set}"

admin() {   # admin METHOD PATH [BODY]
  curl -fsS -X "$1" "$api$2" -H "Authorization: Bearer $SMIDGEN_ADMIN_TOKEN" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
# The first "prj_…" / "smdg_…" value of a field in a JSON text (the admin API's objects are flat).
field() { sed -n "s/.*\"$1\" *: *\"\\($2[A-Za-z0-9_]*\\)\".*/\\1/p" | head -n 1; }

# The api-service is healthy before this runs (depends_on), but be patient with a manual run.
i=0
until curl -fs -o /dev/null "$health"; do
  i=$((i + 1)); [ "$i" -lt 60 ] || { echo "bootstrap: $api is not ready" >&2; exit 1; }
  sleep 2
done

project=$(admin GET /admin/projects | tr '}' '\n' | grep "\"name\" *: *\"$project_name\"" | field id prj_ || true)
if [ -z "$project" ]; then
  project=$(admin POST /admin/projects "{\"name\": \"$project_name\"}" | field id prj_)
  echo "bootstrap: created project $project_name ($project)" >&2
else
  echo "bootstrap: using project $project_name ($project)" >&2
fi
key=$(admin POST "/admin/projects/$project/keys" '{}' | field key smdg_)
[ -n "$key" ] || { echo "bootstrap: no key issued" >&2; exit 1; }
echo "bootstrap: issued a new API key for $project" >&2

cat <<EOF
# Written by the compose bootstrap service ($(date -u +%Y-%m-%dT%H:%M:%SZ)); load with: source .smidgen/env
SMIDGEN_API_URL=${SMIDGEN_API_BASE_URL:-http://localhost:8080}
SMIDGEN_UPLOAD_URL=${SMIDGEN_UPLOADS_BASE_URL:-http://localhost:8081}
SMIDGEN_DELIVERY_URL=${SMIDGEN_API_BASE_URL:-http://localhost:8080}/cdn
SMIDGEN_API_KEY=$key
EOF
