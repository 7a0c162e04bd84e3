#!/usr/bin/env bash
# Side by side: chotatsu and textlint (prh + ng-word) on the same generated corpus.
#
#   tests/perf/compare.sh [--size-mb MB] [--files N] [--seed N] [--runs N]
#
# Builds the release binaries, writes a corpus with chotatsu-bench (default 10 MB in 100 Markdown
# files of 100 KB), runs `chotatsu check` (all cores and one thread), textlint with the prh
# dictionary and ng-word list in this folder (the literal part of the built-in substitute and forbid
# rules), and ripgrep over the same NG words as a raw-scan reference, then prints MB/s, peak memory
# and the ratios. Not run by CI: it needs npm and takes a minute. See BENCHMARKS.md.
# Medians of --runs runs for chotatsu and ripgrep (default 5); textlint runs once (it takes seconds).
set -euo pipefail

size_mb=10
files=100
seed=1
runs=5
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mb) size_mb=$2; shift 2 ;;
        --files) files=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--size-mb MB] [--files N] [--seed N] [--runs N]" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

cargo build --release --quiet -p chotatsu-cli -p chotatsu-bench
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
chotatsu="$target/release/chotatsu"
bench="$target/release/chotatsu-bench"

if [ ! -x "$here/node_modules/.bin/textlint" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
textlint="$here/node_modules/.bin/textlint"

corpus=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus.time"' EXIT
"$bench" --size-mb "$size_mb" --files "$files" --seed "$seed" --format md "$corpus" >/dev/null
bytes=$(cat "$corpus"/*.md | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')

# Runs a command `runs` times; prints the median wall time (s, to the millisecond, from bash's
# EPOCHREALTIME: /usr/bin/time only counts hundredths, too coarse for a run of a tenth of a second)
# and the largest peak RSS (MB, from /usr/bin/time).
measure() {
    local n=$1; shift
    local times=() rss=0
    for _ in $(seq "$n"); do
        local out start end
        start=$EPOCHREALTIME
        /usr/bin/time -o "$corpus.time" -f '%M' "$@" >/dev/null 2>&1
        end=$EPOCHREALTIME
        times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
        out=$(tail -1 "$corpus.time")
        [ "$out" -gt "$rss" ] && rss=$out
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    echo "$median $((rss / 1024))"
}

# chotatsu exits 1 when it finds something: that is the expected outcome here.
run_chotatsu() { "$chotatsu" check --format json -q "$corpus" || [ $? -eq 1 ]; }
run_chotatsu_1() { RAYON_NUM_THREADS=1 "$chotatsu" check --format json -q "$corpus" || [ $? -eq 1 ]; }
run_textlint() { (cd "$here" && "$textlint" --config .textlintrc.json --format json "$corpus"/*.md) || [ $? -eq 1 ]; }
export -f run_chotatsu run_chotatsu_1 run_textlint
export chotatsu textlint corpus here

read -r t_all m_all < <(measure "$runs" bash -c run_chotatsu)
read -r t_one m_one < <(measure "$runs" bash -c run_chotatsu_1)
read -r t_tl m_tl < <(measure 1 bash -c run_textlint)
rg_line=""
if command -v rg >/dev/null; then
    read -r t_rg m_rg < <(measure "$runs" rg -j1 -c -F -f "$here/ng-words.txt" "$corpus")
    rg_line=yes
fi

rate() { awk -v mb="$mb" -v t="$1" 'BEGIN { if (t <= 0) t = 0.01; printf "%.1f", mb / t }'; }
echo "corpus: $files Markdown files, $mb MB (chotatsu-bench --size-mb $size_mb --files $files --seed $seed), $(nproc) cores"
printf '%-34s %8s %10s %9s\n' tool "time (s)" "MB/s" "peak MB"
printf '%-34s %8s %10s %9s\n' "chotatsu check (all cores)" "$t_all" "$(rate "$t_all")" "$m_all"
printf '%-34s %8s %10s %9s\n' "chotatsu check (1 thread)" "$t_one" "$(rate "$t_one")" "$m_one"
printf '%-34s %8s %10s %9s\n' "textlint prh + ng-word" "$t_tl" "$(rate "$t_tl")" "$m_tl"
if [ -n "$rg_line" ]; then
    printf '%-34s %8s %10s %9s\n' "ripgrep, $(wc -l <"$here/ng-words.txt") literals, 1 thread" "$t_rg" "$(rate "$t_rg")" "$m_rg"
fi
awk -v a="$t_all" -v o="$t_one" -v t="$t_tl" 'BEGIN {
    if (a <= 0) a = 0.01; if (o <= 0) o = 0.01;
    printf "ratio textlint / chotatsu: %.0fx (all cores), %.0fx (1 thread); chotatsu all cores / 1 thread: %.2fx\n", t / a, t / o, o / a
}'
