# Shared by tests/sh/*.sh: paths, a scratch dir, skip/fail helpers.
set -u
ROOT=$PWD
B=${PG_BUILD_DIR:-build}
PG=${PG_BIN:-$ROOT/$B/prognosis}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/pg-test.XXXXXX")
cleanup() { rm -rf "$SCRATCH"; }
trap cleanup EXIT
skip() { echo "$*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
# run a Debian package's command, installing the package when root
need() { # need COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing Debian package $2 for $1"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1; }
    fi
    command -v "$1" >/dev/null 2>&1 || skip "$1 not available (Debian package $2; not root, cannot install)"
}
# lint present in this build?  (until the lint command lands it says so)
need_lint() {
    if "$PG" lint --help 2>&1 | grep -q 'not available in this build yet'; then
        skip "prognosis lint: not available in this build yet"
    fi
}
