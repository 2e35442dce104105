#!/usr/bin/env bash
# Headless-browser check of `letterscope show`: renders the seed letter's
# page, loads it in Debian's chromium, takes a screenshot and asserts from the
# DOM chromium built that every span of the record is highlighted.
#
#   scripts/browser-check.sh                # check; screenshot in target/browser-check/
#   scripts/browser-check.sh --update-docs  # and copy it to docs/show-seed.png
#
# Installs chromium with apt-get when it is missing ($CHROMIUM, when set,
# names the browser to use instead). Where the browser cannot
# be had or cannot run (no apt, no root, no network, no usable chromium) it
# prints "browser check skipped: <reason>" and exits 0: only a failed build or
# a page without its highlights is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED=fixtures/seed-iasc-vru-leicestershire.txt
OUT=target/browser-check
UPDATE_DOCS=0
for arg in "$@"; do
    case "$arg" in
        --update-docs) UPDATE_DOCS=1 ;;
        *) echo "usage: $0 [--update-docs]" >&2; exit 2 ;;
    esac
done

skip() {
    echo "browser check skipped: $*"
    exit 0
}
fail() {
    echo "browser check FAILED: $*" >&2
    exit 1
}

find_chromium() {
    local c
    for c in chromium chromium-browser; do
        if command -v "$c" >/dev/null 2>&1; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

# $CHROMIUM, when set, names the browser to use.
CHROMIUM=${CHROMIUM:-$(find_chromium || true)}
if [ -z "$CHROMIUM" ]; then
    command -v apt-get >/dev/null 2>&1 || skip "chromium is not installed and there is no apt-get"
    SUDO=
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            SUDO="sudo -n"
        else
            skip "chromium is not installed and installing it needs root"
        fi
    fi
    echo "installing chromium (apt-get) ..."
    log=$(mktemp)
    if ! { $SUDO apt-get update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >"$log" 2>&1; then
        reason=$(tail -n 1 "$log")
        rm -f "$log"
        skip "apt-get install chromium failed: ${reason:-no output}"
    fi
    rm -f "$log"
    CHROMIUM=$(find_chromium || true)
    [ -n "$CHROMIUM" ] || skip "apt-get installed no chromium binary"
fi

echo "building the release binary ..."
cargo build --release --quiet || fail "cargo build --release failed"
BIN=target/release/letterscope

mkdir -p "$OUT"
PAGE="$OUT/show-seed.html"
PNG="$OUT/show-seed.png"
DOM="$OUT/show-seed.dom.html"
rm -f "$PAGE" "$PNG" "$DOM"
"$BIN" show "$SEED" -o "$PAGE" || fail "letterscope show $SEED failed"

# How many spans the record holds: every non-null "span" and every item of
# "mentions" (as the test in tests/show.rs walks it).
if command -v jq >/dev/null 2>&1; then
    SPANS=$("$BIN" parse --compact "$SEED" |
        jq '[.. | objects | (if (.span | type) == "array" then 1 else 0 end) + ((.mentions // []) | length)] | add')
else
    # Without jq: the highlights the page was written with.
    SPANS=$({ grep -o 'data-m="[0-9]*" data-span' "$PAGE" || true; } | sort -u | wc -l)
fi
[ "${SPANS:-0}" -gt 0 ] || fail "the seed's record has no spans"

PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
URL="file://$(pwd)/$PAGE"
chrome() {
    # A hung browser is the environment's problem, not the page's.
    timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --no-default-browser-check --hide-scrollbars \
        --user-data-dir="$PROFILE" --window-size=1400,1000 "$@" "$URL"
}

# The last line chromium printed that is not about D-Bus (always missing in
# containers), or its exit status.
why() {
    local line
    line=$({ grep -v -i dbus "$OUT/chromium.log" || true; } | tail -n 1)
    if [ "$1" -eq 124 ]; then
        echo "timed out after 90 s"
    else
        echo "${line:-exit status $1}"
    fi
}

echo "screenshot ..."
status=0
chrome --screenshot="$(pwd)/$PNG" >"$OUT/chromium.log" 2>&1 || status=$?
[ "$status" -eq 0 ] || skip "chromium could not run: $(why "$status")"
[ -s "$PNG" ] || skip "chromium wrote no screenshot: $(why 0)"
[ "$(head -c 8 "$PNG" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$PNG is not a PNG"

echo "DOM ..."
status=0
chrome --dump-dom >"$DOM" 2>>"$OUT/chromium.log" || status=$?
[ "$status" -eq 0 ] || skip "chromium could not dump the DOM: $(why "$status")"
[ -s "$DOM" ] || skip "chromium dumped an empty DOM"

# The highlights chromium built: distinct data-m ids (a highlight split by a
# crossing span has several pieces sharing one id).
HL=$({ grep -o '<span class="hl [^"]*" data-m="[0-9]*"' "$DOM" || true; } | sort -u | wc -l)
[ "$HL" -ge "$SPANS" ] || fail "$HL highlights in the DOM, the record has $SPANS spans"

# A few named fields, by kind and by the title that names field and value.
need() {
    grep -q -- "$1" "$DOM" || fail "no $2 in the DOM"
}
need 'class="hl k-salutation" data-m="[0-9]*" data-span="[0-9]*-[0-9]*" id="m[0-9]*" title="salutation: Dear Lord Bach"' "salutation highlight"
need 'class="hl k-date" data-m="[0-9]*" data-span="[0-9]*-[0-9]*" id="m[0-9]*" title="date: 2020-10-13' "date highlight"
need 'class="hl k-sender"' "sender highlight"
need 'class="hl k-addressee"' "addressee highlight"
need 'class="hl k-marker"' "footnote marker highlight"
need 'class="hl k-doc"' "document mention highlight"
need 'class="hl k-request"' "request highlight"
need 'class="hl k-diag"' "diagnostic highlight"
need '<section class="card"' "record card"
# The page is self-contained: nothing it loads.
if grep -Eq '<(img|script|link|iframe)[^>]* (src|href)=' "$DOM"; then
    fail "the page loads something: $(grep -Eo '<(img|script|link|iframe)[^>]* (src|href)=[^>]*' "$DOM" | head -n 1)"
fi

if [ "$UPDATE_DOCS" = 1 ]; then
    mkdir -p docs
    cp "$PNG" docs/show-seed.png
    echo "copied the screenshot to docs/show-seed.png"
fi
echo "browser check ok: $HL highlights in the DOM for $SPANS spans; screenshot $PNG"
