#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) and Debian's Chromium for the extension's end-to-end
# test (test/e2e/vscode.test.ts). Idempotent, and quick when everything is in place.
#
# code-server goes to .cache/code-server (gitignored), never into the project's dependencies: it is
# hundreds of megabytes and only this test needs it. Follows ../shared/recipes/machine.md:
#   - Debian packages for its native modules, ripgrep and chromium;
#   - @vscode/ripgrep downloads rg from GitHub at install time, and there is no GitHub here, so its
#     download cache is seeded with Debian's rg first.
# Override the location with GANTRY_CODE_SERVER_DIR (default: <repo>/.cache/code-server).
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { [ "${GANTRY_SETUP_QUIET:-}" = 1 ] || echo "setup-code-server: $*" >&2; }

version=4.100.3
dir="${GANTRY_CODE_SERVER_DIR:-$PWD/.cache/code-server}"
bin="$dir/node_modules/.bin/code-server"

need_pkgs=()
for p in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ripgrep chromium; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

if [ -x "$bin" ] && [ "$("$bin" --version 2>/dev/null | head -1 | cut -d' ' -f1)" = "$version" ]; then
  exit 0
fi

log "installing code-server $version into $dir (about two minutes: it builds native modules)"
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
rg_tar="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$rg_tar" ]; then
  staging=$(mktemp -d)
  mkdir -p "$rg_cache"
  cp /usr/bin/rg "$staging/rg"
  tar -C "$staging" -czf "$rg_tar" rg
  rm -rf "$staging"
fi

mkdir -p "$dir"
# A package.json of its own, so npm installs here and never touches the project's manifest or lock.
[ -f "$dir/package.json" ] || printf '{ "name": "gantry-e2e-code-server", "private": true }\n' >"$dir/package.json"
npm_config_yes=true npm install --prefix "$dir" --unsafe-perm --no-audit --no-fund --no-save \
  "code-server@$version" >"$dir/install.log" 2>&1 || {
  echo "setup-code-server: npm install code-server@$version failed; see $dir/install.log" >&2
  tail -30 "$dir/install.log" >&2
  exit 1
}
"$bin" --version >/dev/null
log "code-server $version ready: $bin"
