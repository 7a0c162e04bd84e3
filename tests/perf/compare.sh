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
#
# chotatsu runs twice over: with the whole built-in pack (every rule kind: far more work than
# textlint's), and with the work textlint does, the built-in rules that are only `forbid` and
# `substitute` (`--select`, read off `chotatsu rules --format json`). Both ratios are printed.
# Medians of 2 × ceil(--runs / 2) runs for chotatsu and ripgrep (default --runs 5), half before and
# half after textlint's one run (it takes seconds).
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

# The comparable work: the built-in rules whose checks are all `forbid` or `substitute`.
select=$("$chotatsu" rules --format json | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
        const ids = JSON.parse(s).rules
            .filter(r => r.kinds && r.kinds.length && r.kinds.every(k => k === "forbid" || k === "substitute"))
            .map(r => r.id);
        console.log(ids.join(","));
    });')
[ -n "$select" ] || { echo "no forbid/substitute rules in the built-in pack" >&2; exit 1; }

corpus=$(mktemp -d)
trap 'rm -rf "$corpus" "$corpus.time"' EXIT
"$bench" --size-mb "$size_mb" --files "$files" --seed "$seed" --format md "$corpus" >/dev/null
bytes=$(cat "$corpus"/*.md | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')

# Runs a command N times; prints each wall time (s, to the millisecond, from bash's EPOCHREALTIME:
# /usr/bin/time only counts hundredths, too coarse for a run of a tenth of a second), then the largest
# peak RSS (MB, from /usr/bin/time).
times_of() {
    local n=$1; shift
    local times=() rss=0
    for _ in $(seq "$n"); do
        local out start end status=0
        start=$EPOCHREALTIME
        /usr/bin/time -o "$corpus.time" -f '%M' "$@" >/dev/null 2>&1 || status=$?
        end=$EPOCHREALTIME
        # 1 means "found something" for chotatsu and textlint, "matched nothing" for ripgrep.
        if [ "$status" -gt 1 ]; then
            echo "$* exited with $status" >&2
            exit 1
        fi
        times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
        out=$(tail -1 "$corpus.time")
        [ "$out" -gt "$rss" ] && rss=$out
    done
    echo "${times[*]} $((rss / 1024))"
}

# The median of the times and the largest RSS of two `times_of` results.
summary() {
    local -a a=($1) b=($2)
    local rss=$(( ${a[-1]} > ${b[-1]} ? ${a[-1]} : ${b[-1]} ))
    unset 'a[-1]' 'b[-1]'
    local median
    median=$(printf '%s\n' "${a[@]}" "${b[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    echo "$median $rss"
}

run_textlint() { (cd "$here" && "$textlint" --config .textlintrc.json --format json "$corpus"/*.md) || [ $? -eq 1 ]; }
export -f run_textlint
export chotatsu textlint corpus here

# This machine's speed can drift within a minute: half of the runs of chotatsu and ripgrep come
# before textlint's run and half after, so that their medians and textlint's time are taken over the
# same minutes. chotatsu is timed directly, not through a shell, so that the few milliseconds of
# starting bash do not count against a run of a tenth of a second.
half=$(( (runs + 1) / 2 ))
have_rg=""
command -v rg >/dev/null && have_rg=yes
sides() {
    all+=("$(times_of "$half" "$chotatsu" check --format json -q "$corpus")")
    one+=("$(times_of "$half" env RAYON_NUM_THREADS=1 "$chotatsu" check --format json -q "$corpus")")
    sel+=("$(times_of "$half" "$chotatsu" check --format json -q --select "$select" "$corpus")")
    sel1+=("$(times_of "$half" env RAYON_NUM_THREADS=1 "$chotatsu" check --format json -q --select "$select" "$corpus")")
    if [ -n "$have_rg" ]; then
        rgs+=("$(times_of "$half" rg -j1 -c -F -f "$here/ng-words.txt" "$corpus")")
    fi
}
all=(); one=(); sel=(); sel1=(); rgs=()
sides
read -r t_tl m_tl < <(times_of 1 bash -c run_textlint)
sides
read -r t_all m_all < <(summary "${all[0]}" "${all[1]}")
read -r t_one m_one < <(summary "${one[0]}" "${one[1]}")
read -r t_sel m_sel < <(summary "${sel[0]}" "${sel[1]}")
read -r t_sel1 m_sel1 < <(summary "${sel1[0]}" "${sel1[1]}")
rg_line=""
if [ -n "$have_rg" ]; then
    read -r t_rg m_rg < <(summary "${rgs[0]}" "${rgs[1]}")
    rg_line=yes
fi

rate() { awk -v mb="$mb" -v t="$1" 'BEGIN { if (t <= 0) t = 0.01; printf "%.1f", mb / t }'; }
echo "corpus: $files Markdown files, $mb MB (chotatsu-bench --size-mb $size_mb --files $files --seed $seed), $(nproc) cores"
printf '%-34s %8s %10s %9s\n' tool "time (s)" "MB/s" "peak MB"
printf '%-34s %8s %10s %9s\n' "chotatsu check (all cores)" "$t_all" "$(rate "$t_all")" "$m_all"
printf '%-34s %8s %10s %9s\n' "chotatsu check (1 thread)" "$t_one" "$(rate "$t_one")" "$m_one"
printf '%-34s %8s %10s %9s\n' "chotatsu forbid+substitute (all)" "$t_sel" "$(rate "$t_sel")" "$m_sel"
printf '%-34s %8s %10s %9s\n' "chotatsu forbid+substitute (1 th.)" "$t_sel1" "$(rate "$t_sel1")" "$m_sel1"
printf '%-34s %8s %10s %9s\n' "textlint prh + ng-word" "$t_tl" "$(rate "$t_tl")" "$m_tl"
if [ -n "$rg_line" ]; then
    printf '%-34s %8s %10s %9s\n' "ripgrep, $(wc -l <"$here/ng-words.txt") literals, 1 thread" "$t_rg" "$(rate "$t_rg")" "$m_rg"
fi
echo "forbid+substitute rules: $select"
awk -v a="$t_all" -v o="$t_one" -v s="$t_sel" -v s1="$t_sel1" -v t="$t_tl" 'BEGIN {
    if (a <= 0) a = 0.01; if (o <= 0) o = 0.01; if (s <= 0) s = 0.01; if (s1 <= 0) s1 = 0.01;
    printf "ratio textlint / chotatsu, whole pack: %.0fx (all cores), %.0fx (1 thread); all cores / 1 thread: %.2fx\n", t / a, t / o, o / a
    printf "ratio textlint / chotatsu, same work (forbid+substitute): %.0fx (all cores), %.0fx (1 thread)\n", t / s, t / s1
}'
if [ -n "$rg_line" ]; then
    awk -v o="$t_one" -v s1="$t_sel1" -v r="$t_rg" 'BEGIN {
        if (r <= 0) r = 0.001;
        printf "ratio chotatsu 1 thread / ripgrep 1 thread: %.1fx (whole pack), %.1fx (forbid+substitute)\n", o / r, s1 / r
    }'
fi
