# Sourced by install.sh (bash). Not executable on its own.
#
# Inside `npm test`, npm exports its own configuration to every child process: npm_config_*
# (including an empty allow-scripts list and the user agent "npm/… node/v20 …"), npm_package_*,
# npm_lifecycle_*. A nested `npm install` would inherit it, run code-server's postinstall, and
# that script reads the node major from the inherited user agent and exits ("requires node v24").
# The nested installs must behave as on a fresh shell: drop everything npm exported.
# Kept: where packages come from and where they are cached (registry, proxies, TLS, cache folder,
# config files) — a user's transport settings, which a fresh shell would also have.
KEEP_RE='^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|http_proxy|noproxy|no_proxy|cafile|ca|strict_ssl)$'
while IFS= read -r var; do
  [[ "$var" =~ $KEEP_RE ]] || unset "$var"
done < <(compgen -e | grep -E '^(npm_|NPM_CONFIG_)' || true)
unset INIT_CWD NODE_ENV 2>/dev/null || true
