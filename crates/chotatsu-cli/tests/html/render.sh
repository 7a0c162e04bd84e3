#!/usr/bin/env bash
# Render chotatsu's HTML report in headless Chromium and save screenshots, to look at it.
#
#   crates/chotatsu-cli/tests/html/render.sh [PATH...]        (default: crates/chotatsu-cli/tests/fixtures/specs)
#
# Needs Debian's chromium (`apt-get install -y chromium fonts-noto-cjk`; the CJK fonts make the
# Japanese text render as it does on a reviewer's machine). Writes into target/html-report/:
#   report.html   the report (`chotatsu check PATH... --format html`)
#   report.png    a 1280x2000 screenshot of its top (summary, charts, first review sheet)
#   report.pdf    the print version (checks the print CSS: one spec per page)
# The report must load nothing from the network: Chromium runs with networking features off, and
# the script fails if the page references http(s) resources or scripts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
cd "$root"
out="$root/target/html-report"
mkdir -p "$out"
cargo build -q -p chotatsu-cli
if [ "$#" -eq 0 ]; then set -- crates/chotatsu-cli/tests/fixtures/specs; fi
# Exit code 1 (findings) is expected; 2 (input errors) still produces a report.
./target/debug/chotatsu check "$@" --format html --output "$out/report.html" || [ "$?" -le 2 ]
if grep -Eq '<script|(src|href)="https?:' "$out/report.html"; then
  echo "report.html references scripts or remote resources" >&2
  exit 1
fi
chromium_bin="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium_bin" ]; then
  echo "chromium not found: apt-get install -y chromium fonts-noto-cjk" >&2
  exit 1
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --no-first-run --disable-sync --disable-quic
  --user-data-dir="$profile" --hide-scrollbars)
"$chromium_bin" "${flags[@]}" --window-size=1280,2000 --screenshot="$out/report.png" \
  "file://$out/report.html" 2>/dev/null
"$chromium_bin" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" \
  "file://$out/report.html" 2>/dev/null
test -s "$out/report.png"
test -s "$out/report.pdf"
echo "wrote $out/report.html, $out/report.png, $out/report.pdf"
