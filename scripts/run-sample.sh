#!/usr/bin/env bash
# roost's main job on the sample blog (wrangler-samples/blog), on its local database — the
# very file `wrangler dev` uses: install what is missing, build, then migrate, show status, seed
# it from database/seeders + database/factories and show a few of the rows.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
build=$("$root/scripts/build.sh" Release -DROOST_BUILD_TESTS=OFF | tail -n 1)
roost="$build/apps/roost/roost"
cd "$root/wrangler-samples/blog"
set -x
"$roost" migrate
"$roost" migrate:status
"$roost" db:seed
"$roost" query "Post.with('author').orderBy('id', 'desc').limit(3).all()"
