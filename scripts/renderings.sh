#!/bin/bash
# Scores the release binary on renderings of the dev corpus that its letters
# never came in: flattened onto one line, blank lines removed, re-wrapped at
# 60 columns, double-spaced, CRLF, indented. A check on generality: rules
# fitted to the dev corpus's own layouts show up here.
#   scripts/renderings.sh [DEV_DIR] [OUT_DIR]
set -euo pipefail
DEV=${1:-../shared/corpus/dev}
OUT=${2:-$(mktemp -d)}
SCORE=${SCORE:-$(dirname "$DEV")/../tools/score}
cargo build --release -q
for r in flat noblank w60 dbl crlf indent; do
  mkdir -p "$OUT/$r"
  for g in "$DEV"/*.gold.json; do
    b=$(basename "$g" .gold.json)
    cp "$g" "$OUT/$r/"
    t="$DEV/$b.txt"
    case $r in
      flat) tr -s ' \n\t\r\f' ' ' < "$t" ;;
      noblank) grep -v '^[[:space:]]*$' "$t" || true ;;
      w60) fold -s -w 60 "$t" ;;
      dbl) awk '{print; if (length($0)>0) print ""}' "$t" ;;
      crlf) sed 's/$/\r/' "$t" ;;
      indent) sed 's/^/    /' "$t" ;;
    esac > "$OUT/$r/$b~$r.txt"
  done
  printf '%-8s ' "$r"
  "$SCORE" "$OUT/$r" | grep -E '^micro' || true
done
