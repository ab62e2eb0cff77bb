#!/usr/bin/env bash
# Prepare this machine for the end-to-end test tier (test/e2e/runInCodeServer.js).
#
# Idempotent and fast when already done. Works offline as long as the npm registry and
# Debian's package mirrors are reachable (see shared notes "vscode-e2e-offline.md"):
#   1. system packages: chromium (the browser playwright-core drives), libkrb5-dev (VS Code's
#      `kerberos` native module builds against it), ripgrep (seeds @vscode/ripgrep's cache);
#   2. seeds the @vscode/ripgrep download cache so its postinstall does not go to GitHub;
#   3. installs code-server@4.100.3 (VS Code 1.100.3, the newest release for Node 20) into a
#      cache folder OUTSIDE the project's node_modules and verifies it.
#
# Environment:
#   MEMORY_ATLAS_E2E_CACHE   cache root (default: $HOME/.cache/memory-atlas-e2e)
#   MEMORY_ATLAS_E2E_FORCE=1 reinstall code-server even if it looks complete
#
# Prints the code-server directory on its last line as `CODE_SERVER_DIR=...`.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_ROOT="${MEMORY_ATLAS_E2E_CACHE:-${HOME:-/root}/.cache/memory-atlas-e2e}"
CS_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_BIN="$CS_PKG/out/node/entry.js"
STAMP="$CS_DIR/.memory-atlas-e2e-ok"
START=$(date +%s)

log() { echo "setup-e2e: $*"; }
die() { echo "setup-e2e: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 0. Node: code-server 4.100.x requires Node 20 exactly (its postinstall refuses anything else).
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)
[ "$NODE_MAJOR" = 20 ] || die "Node 20 is required (code-server $CODE_SERVER_VERSION), found: $NODE_MAJOR"

# ---------------------------------------------------------------------------------------------
# 1. System packages
need_pkgs=()
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
if ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed'; then
  need_pkgs+=(libkrb5-dev)
fi
# node-gyp builds VS Code's native modules (node-pty, kerberos, spdlog, argon2 ...) from source
# when no prebuilt binary can be downloaded, which is always the case offline.
command -v make >/dev/null 2>&1 || need_pkgs+=(make)
command -v g++ >/dev/null 2>&1 || need_pkgs+=(g++)
command -v python3 >/dev/null 2>&1 || need_pkgs+=(python3)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    die "missing system packages: ${need_pkgs[*]}. Install them as root:
    sudo apt-get update && sudo apt-get install -y ${need_pkgs[*]}
  then run this script again."
  fi
  command -v apt-get >/dev/null 2>&1 || die "missing ${need_pkgs[*]} and apt-get is not available"
  log "installing system packages: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
else
  log "system packages present (chromium, ripgrep, libkrb5-dev, make, g++, python3)"
fi

# ---------------------------------------------------------------------------------------------
# 2. Seed @vscode/ripgrep's download cache ($TMPDIR/vscode-ripgrep-cache-<pkgversion>/<asset>)
#    with Debian's rg, so its postinstall never goes to GitHub. code-server 4.100.3 pins 1.15.11;
#    the other versions are seeded in case a different shrinkwrap resolves to them.
TMP_ROOT="${TMPDIR:-/tmp}"
RG_ASSET="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
RG_SEED="$CACHE_ROOT/$RG_ASSET"
mkdir -p "$CACHE_ROOT"
if [ ! -s "$RG_SEED" ]; then
  seed_tmp=$(mktemp -d)
  cp "$(command -v rg)" "$seed_tmp/rg"
  tar -czf "$RG_SEED" -C "$seed_tmp" rg
  rm -rf "$seed_tmp"
fi
for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14 1.16.0 1.16.1 1.17.0 1.17.1 1.17.2 1.17.3; do
  d="$TMP_ROOT/vscode-ripgrep-cache-$v"
  mkdir -p "$d"
  [ -s "$d/$RG_ASSET" ] || cp "$RG_SEED" "$d/$RG_ASSET"
done

# ---------------------------------------------------------------------------------------------
# 3. code-server, installed into the cache folder
cs_complete() {
  [ -f "$STAMP" ] &&
  [ -f "$CS_BIN" ] &&
  [ -f "$CS_PKG/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] &&
  [ -x "$CS_PKG/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] &&
  [ -e "$CS_PKG/lib/vscode/node_modules.asar" ]
}

if [ "${MEMORY_ATLAS_E2E_FORCE:-}" = 1 ] || ! cs_complete; then
  log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # A package.json of our own keeps npm from walking up to an unrelated project.
  cat >"$CS_DIR/package.json" <<JSON
{ "name": "memory-atlas-e2e-code-server", "private": true, "version": "0.0.0" }
JSON
  # npm 11 blocks dependency install scripts unless approved (allowScripts in package.json /
  # --allow-scripts). code-server's postinstall runs a nested `npm install` inside
  # lib/vscode and lib/vscode/extensions, whose package.json files we do not control, and
  # their native modules (node-pty, kerberos, spdlog, @parcel/watcher, ripgrep, ...) all
  # need their scripts. The config must therefore travel through the environment, which the
  # nested npm processes inherit. This only applies to this one pinned, known package.
  #   npm_config_yes=true          node-pty's postinstall runs `npx node-gyp` (no prompt)
  #   --unsafe-perm                code-server's postinstall refuses root without it
  #   npm_config_ignore_scripts    make sure a user config cannot switch scripts off
  log_file="$CS_DIR/install.log"
  if ! env npm_config_yes=true \
      npm_config_ignore_scripts=false \
      npm_config_dangerously_allow_all_scripts=true \
      npm_config_unsafe_perm=true \
      npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false \
      npm install --prefix "$CS_DIR" "code-server@$CODE_SERVER_VERSION" --unsafe-perm \
      >"$log_file" 2>&1; then
    tail -n 60 "$log_file" >&2
    die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $log_file)"
  fi
  # Verify that the install scripts really ran (npm can skip them silently).
  missing=()
  [ -f "$CS_BIN" ] || missing+=("code-server entry ($CS_BIN)")
  [ -e "$CS_PKG/lib/vscode/node_modules.asar" ] || missing+=("code-server postinstall (lib/vscode/node_modules.asar)")
  [ -f "$CS_PKG/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] || missing+=("node-pty native build")
  [ -x "$CS_PKG/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || missing+=("@vscode/ripgrep binary")
  if [ ${#missing[@]} -gt 0 ]; then
    tail -n 60 "$log_file" >&2
    die "code-server install is incomplete: ${missing[*]} (full log: $log_file)"
  fi
  date -u +%FT%TZ >"$STAMP"
else
  log "code-server@$CODE_SERVER_VERSION already installed in $CS_DIR"
fi

# --config: otherwise code-server writes ~/.config/code-server/config.yaml
printf 'auth: none\n' >"$CS_DIR/config.yaml"
version_out=$(node "$CS_BIN" --config "$CS_DIR/config.yaml" --version 2>&1) || die "code-server --version failed: $version_out"
case "$version_out" in
  "$CODE_SERVER_VERSION "*) ;;
  *) die "unexpected code-server version: $version_out" ;;
esac
log "code-server --version: $(echo "$version_out" | head -n1)"
log "done in $(( $(date +%s) - START ))s"
echo "CODE_SERVER_DIR=$CS_PKG"
