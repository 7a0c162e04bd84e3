#!/usr/bin/env bash
# End-to-end test of chotatsu.el: batch Emacs attaches chotatsu-lsp to a fixture through Eglot and
# reads the diagnostics.  Needs Emacs with Eglot and markdown-mode (Debian: apt-get install
# emacs-nox elpa-eglot elpa-markdown-mode).  Exit status: 0 pass, 1 fail, 2 Emacs or Eglot missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

if ! command -v emacs >/dev/null 2>&1; then
  echo "e2e.sh: emacs not found; install Emacs with Eglot (Debian: apt-get install emacs-nox elpa-eglot elpa-markdown-mode)" >&2
  exit 2
fi
if ! emacs --batch --eval '(progn (require (quote package)) (package-initialize) (require (quote eglot)) (require (quote markdown-mode)))' >/dev/null 2>&1; then
  echo "e2e.sh: Eglot or markdown-mode missing (Debian: apt-get install elpa-eglot elpa-markdown-mode)" >&2
  exit 2
fi

server=${CHOTATSU_LSP:-$root/target/debug/chotatsu-lsp}
if [ ! -x "$server" ]; then
  echo "e2e.sh: building chotatsu-lsp" >&2
  (cd "$root" && cargo build --quiet -p chotatsu-lsp)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$server" "$work/bin/chotatsu-lsp"
cp "${1:-$root/fixtures/specs/flawed-spec.md}" "$work/spec.md"

status=0
PATH="$work/bin:$PATH" HOME="$work" timeout 120 emacs --batch -l "$here/e2e.el" "$work/spec.md" \
  >"$work/out.txt" 2>"$work/err.txt" || status=$?
sed 's/^/  /' "$work/out.txt"
if [ "$status" -ne 0 ] || ! grep -qx PASS "$work/out.txt"; then
  echo "e2e.sh: FAILED (emacs exit status $status)" >&2
  tail -30 "$work/err.txt" | sed 's/^/  emacs: /' >&2
  exit 1
fi
echo "e2e.sh: 1 passed, 0 failed"
