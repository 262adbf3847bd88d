#!/usr/bin/env bash
# Usage: tests/browser/run.sh SITE_DIR
#
# Checks a built opsbook site: serves SITE_DIR under http://127.0.0.1:<port>/archive/ and drives
# headless Debian Chromium through playwright-core (page loads, no request leaving 127.0.0.1,
# navigation by clicking, phone and desktop layout, axe-core in light and dark), then runs the
# Nu Html Checker over every page. Installs what it needs (chromium, Java, the npm packages pinned
# in package-lock.json), skips nothing, and ends with "N passed, N failed"; exits non-zero on any
# failure. Screenshots go to target/browser-artifacts/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$SECONDS

setup_failed() {
  echo "browser tests: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

[ $# -eq 1 ] || setup_failed "usage: $0 SITE_DIR"
site="$(cd "$1" 2>/dev/null && pwd)" || setup_failed "no such directory: $1"
[ -f "$site/index.html" ] || setup_failed "$site/index.html is missing: build the site first"

apt_install() {
  echo "browser tests: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; } || setup_failed "apt-get install $* failed"
}
[ -x /usr/bin/chromium ] || apt_install chromium
command -v java >/dev/null || apt_install default-jre-headless
command -v node >/dev/null || setup_failed "node is missing"

# npm ci again only when package-lock.json changed since the last install.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; the machine's Java is used.
cd "$here"
if ! cmp -s package-lock.json node_modules/.installed-package-lock.json 2>/dev/null; then
  npm ci --ignore-scripts --no-audit --no-fund || setup_failed "npm ci failed"
  cp package-lock.json node_modules/.installed-package-lock.json
fi

rm -rf "$here/../../target/browser-artifacts"
tap="$(mktemp)"
trap 'rm -f "$tap"' EXIT
status=0
OPSBOOK_SITE="$site" node --test --test-concurrency=2 --test-timeout=120000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  ./*.test.js || status=$?

count() { local n; n=$(sed -n "s/^# $1 //p" "$tap" | tail -n 1); echo "${n:-0}"; }
passed=$(count pass)
# Nothing may be skipped or cancelled: those count as failures too.
failed=$(( $(count fail) + $(count cancelled) + $(count skipped) + $(count todo) ))
# A non-zero exit with no failed test, or no test at all, is a failure of its own.
if [ "$status" -ne 0 ] || [ "$passed" -eq 0 ]; then [ "$failed" -gt 0 ] || failed=1; fi
echo "browser tests: SITE_DIR=$site, $(( SECONDS - started ))s, screenshots in target/browser-artifacts/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
