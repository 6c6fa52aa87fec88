#!/usr/bin/env bash
# bench.sh - time prognosis against `wc -l` on generated updates.
#
#   tools/bench.sh PROGNOSIS BENCH_DIR "SIZES" RUNS MBOX_MESSAGES [YAML_BASELINE]
#
# BENCH_TIMEOUT (seconds, default 120) bounds one run; a command that
# takes longer is shown as "timeout" and not run again.
#
# For each size (MB) it times, on the same file: wc -l (the floor: reading
# the bytes), check, lint (alone, and with itself as --previous: the
# history rules), convert --to json, --to yaml, --from json
# --to text, --from yaml --to text; then the mbox conversion.  Each number
# is the median of RUNS runs; peak memory is the largest RSS that
# /usr/bin/time -v reports.  A command that exits 2 or more (not built
# yet, refused the input) shows "n/a" with its first error line.
set -euo pipefail

pg=$1 dir=$2 sizes=$3 runs=$4 nmbox=$5 yaml_base=${6:-}
limit=${BENCH_TIMEOUT:-120}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }

gen() { # gen doc|mbox N FILE: generate once, reuse afterwards
    [ -s "$3" ] || { echo "generating $3" >&2; python3 "$here/gen-bench.py" "$1" "$2" "$3"; }
}

# run1 FILE_OUT CMD...: one timed run; prints "microseconds status peak_kb".
run1() {
    local out=$1; shift
    local t0 t1 st=0
    t0=$(date +%s%N)
    timeout "$limit" "$TIME" -f '%M' -o "$dir/.rss" "$@" >"$out" 2>"$dir/.err" || st=$?
    t1=$(date +%s%N)
    # time(1) appends "Command exited with non-zero status N" first.
    local kb
    kb=$(tail -n 1 "$dir/.rss" 2>/dev/null | tr -cd '0-9')
    echo "$(( (t1 - t0) / 1000 ))" "$st" "${kb:-0}"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }

# measure NAME BYTES FLOOR_US CMD...: prints one row; sets LAST_US and
# LAST_KB (peak).
LAST_US=0
LAST_KB=0
measure() {
    local name=$1 bytes=$2 floor=$3; shift 3
    local us=() kb=0 st=0 r
    for ((i = 0; i < runs; i++)); do
        read -r t s k < <(run1 /dev/null "$@")
        if (( s == 124 )); then
            printf '  %-30s %s\n' "$name" "timeout (one run took over ${limit} s)"
            LAST_US=0; LAST_KB=0; return
        fi
        us+=("$t"); (( k > kb )) && kb=$k; st=$s
    done
    if (( st >= 2 )); then
        printf '  %-30s %s\n' "$name" "n/a ($(head -n 1 "$dir/.err" | cut -c1-60))"
        LAST_US=0; LAST_KB=0; return
    fi
    r=$(printf '%s\n' "${us[@]}" | median)
    LAST_US=$r
    LAST_KB=$kb
    awk -v n="$name" -v us="$r" -v b="$bytes" -v f="$floor" -v kb="$kb" 'BEGIN {
        s = us / 1e6; mbs = (s > 0) ? b / 1048576 / s : 0
        ratio = (f > 0) ? us / f : 1
        printf "  %-30s %8.3f %9.1f %8.1fx %9.1f %8.2fx\n", n, s, mbs, ratio, kb / 1024, kb * 1024 / b }'
}

# own_input NAME FILE: the last peak against the file the command read
# (the rows above divide by the text's size).
own_input() {
    if (( LAST_KB > 0 )); then
        awk -v n="$1" -v kb="$LAST_KB" -v b="$(stat -c %s "$2")" 'BEGIN {
            printf "  %-30s peak %.2fx its own input (%.0f MB)\n", n, kb * 1024 / b, b / 1048576 }'
    fi
}

header() {
    printf '  %-30s %8s %9s %9s %9s %9s\n' command seconds MB/s 'x wc -l' 'peak MB' 'x input'
}

echo "prognosis benchmark: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "median of $runs runs; peak memory = max RSS (/usr/bin/time)"
declare -A T
for mb in $sizes; do
    f=$dir/doc-$mb.txt
    gen doc "$mb" "$f"
    bytes=$(stat -c %s "$f")
    # Inputs for the readers: what the writers make of the same document.
    "$pg" convert --to json "$f" >"$dir/doc-$mb.json" 2>/dev/null || rm -f "$dir/doc-$mb.json"
    "$pg" convert --to yaml "$f" >"$dir/doc-$mb.yaml" 2>/dev/null || rm -f "$dir/doc-$mb.yaml"
    echo
    echo "== $mb MB update ($bytes bytes, $(wc -l <"$f") lines)"
    header
    measure "wc -l" "$bytes" 0 wc -l "$f"; floor=$LAST_US; T[$mb,wc]=$floor
    measure "check" "$bytes" "$floor" "$pg" check "$f"; T[$mb,check]=$LAST_US
    measure "lint" "$bytes" "$floor" "$pg" lint "$f"; T[$mb,lint]=$LAST_US
    # With an earlier version the history rules run: both trees are held.
    measure "lint --previous (itself)" "$bytes" "$floor" "$pg" lint --previous "$f" "$f"
    measure "convert --to json" "$bytes" "$floor" "$pg" convert --to json "$f"; T[$mb,json]=$LAST_US
    measure "convert --to yaml" "$bytes" "$floor" "$pg" convert --to yaml "$f"; T[$mb,yaml]=$LAST_US
    if [ -s "$dir/doc-$mb.json" ]; then
        measure "convert --from json --to text" "$bytes" "$floor" \
            "$pg" convert --from json --to text "$dir/doc-$mb.json"; T[$mb,fjson]=$LAST_US
        own_input "  (--from json)" "$dir/doc-$mb.json"
    else
        printf '  %-30s n/a (no JSON writer)\n' "convert --from json --to text"
    fi
    if [ -s "$dir/doc-$mb.yaml" ]; then
        measure "convert --from yaml --to text" "$bytes" "$floor" \
            "$pg" convert --from yaml --to text "$dir/doc-$mb.yaml"; T[$mb,fyaml]=$LAST_US
        own_input "  (--from yaml)" "$dir/doc-$mb.yaml"
        if [ -n "$yaml_base" ] && [ -x "$yaml_base" ]; then
            ybytes=$(stat -c %s "$dir/doc-$mb.yaml")
            measure "libyaml parse+emit (YAML)" "$ybytes" "$floor" "$yaml_base" "$dir/doc-$mb.yaml"
            yb=$LAST_US
            (( yb > 0 && ${T[$mb,yaml]:-0} > 0 && ${T[$mb,fyaml]:-0} > 0 )) &&
                awk -v a="${T[$mb,yaml]}" -v b="${T[$mb,fyaml]}" -v y="$yb" 'BEGIN {
                    printf "  YAML vs libyaml (target <= 2x): --to yaml %.1fx, --from yaml %.1fx\n", a / y, b / y }'
        fi
    else
        printf '  %-30s n/a (no YAML writer)\n' "convert --from yaml --to text"
    fi
done

m=$dir/list-$nmbox.mbox
gen mbox "$nmbox" "$m"
bytes=$(stat -c %s "$m")
echo
echo "== mbox of $nmbox messages ($bytes bytes)"
header
measure "wc -l" "$bytes" 0 wc -l "$m"; floor=$LAST_US
measure "convert --to json (mbox)" "$bytes" "$floor" "$pg" convert --to json "$m"

# Linear growth: 10x the input should take at most 11x the time.
set -- $sizes
if [[ " $sizes " == *" 10 "* && " $sizes " == *" 100 "* ]]; then
    echo
    echo "== time(100 MB) / time(10 MB) (linear = 10.0, target <= 11)"
    for k in wc check lint json yaml fjson fyaml; do
        a=${T[10,$k]:-0} b=${T[100,$k]:-0}
        (( a > 0 && b > 0 )) && awk -v k="$k" -v a="$a" -v b="$b" \
            'BEGIN { printf "  %-30s %6.1fx\n", k, b / a }'
    done
fi
rm -f "$dir/.rss" "$dir/.err"
