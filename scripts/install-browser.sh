#!/usr/bin/env bash
# Installs the browser the page tests drive (read-api's PagesInBrowserIT): headless Chromium and its
# chromedriver from Debian's packages (/usr/bin/chromium, /usr/bin/chromedriver), when missing. The
# same pattern as scripts/stack.sh's MariaDB and Redis: apt-get install, and on failure refresh the
# package lists and try once more. Selenium never downloads a browser or driver of its own.
set -euo pipefail

have() { [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; }
have && exit 0
command -v apt-get >/dev/null 2>&1 \
  || { echo "install-browser: no apt-get here; install Chromium and its chromedriver as /usr/bin/chromium and /usr/bin/chromedriver" >&2; exit 1; }
sudo=""
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-browser: needs root: apt-get install chromium chromium-driver" >&2; exit 1; }
  sudo="sudo"
fi
pkgs=(chromium chromium-driver)
echo "install-browser: installing ${pkgs[*]} from Debian's packages" >&2
if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2; then
  echo "install-browser: install failed; refreshing package lists and retrying" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2
fi
have || { echo "install-browser: /usr/bin/chromium or /usr/bin/chromedriver still missing after the install" >&2; exit 1; }
