#!/usr/bin/env bash
# End-to-end test in a real editor: headless Neovim attaches chotatsu-lsp to a fixture through
# chotatsu.lua and checks diagnostics, hover, a quick fix and the re-lint after it.
#
#   editors/neovim/e2e.sh [FIXTURE]     (default: fixtures/specs/flawed-spec.md)
#
# CHOTATSU_LSP=path picks the server binary (default: target/debug/chotatsu-lsp, built if missing).
# Exit status: 0 pass, 1 fail, 2 Neovim missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

if ! command -v nvim >/dev/null 2>&1; then
  echo "e2e.sh: nvim not found; install Neovim 0.7 or later (Debian: apt-get install neovim) to run this test" >&2
  exit 2
fi

server=${CHOTATSU_LSP:-$root/target/debug/chotatsu-lsp}
if [ ! -x "$server" ]; then
  echo "e2e.sh: building chotatsu-lsp" >&2
  (cd "$root" && cargo build --quiet -p chotatsu-lsp)
fi
fixture=${1:-$root/fixtures/specs/flawed-spec.md}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Edit a copy: the quick fix changes the buffer (it is never written, but keep the fixture safe).
cp "$fixture" "$work/spec.md"
out=$work/result.txt

status=0
CHOTATSU_LSP="$server" CHOTATSU_E2E_OUT="$out" HOME="$work" XDG_STATE_HOME="$work/state" \
  timeout 120 nvim --headless -n -i NONE -u NONE \
  -c "luafile $here/e2e.lua" "$work/spec.md" >"$work/nvim.log" 2>&1 || status=$?

echo "nvim $(nvim --version | head -1 | cut -d' ' -f2), server $server"
if [ -f "$out" ]; then
  sed 's/^/  /' "$out"
fi
if [ "$status" -ne 0 ] || ! grep -qx PASS "$out" 2>/dev/null; then
  echo "e2e.sh: FAILED (nvim exit status $status)" >&2
  [ "$status" -eq 124 ] && echo "e2e.sh: nvim timed out after 120 s" >&2
  sed 's/^/  nvim: /' "$work/nvim.log" >&2 || true
  log=$(find "$work" -name 'lsp.log' 2>/dev/null | head -1)
  [ -n "$log" ] && tail -20 "$log" | sed 's/^/  lsp.log: /' >&2
  exit 1
fi
echo "e2e.sh: 1 passed, 0 failed"
