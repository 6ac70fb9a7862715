#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Reports at scale (issue 18, goals 4 and 5): model runs of 100, 300 and
# 1,000 cells x 5 repetitions generated through the runner (2 designs x 2
# thread counts x N/4 granules, 1 ms of virtual time a cell, keep_raw =
# none), then report, compare (the run against a copy of itself: every
# metric compared, none changed) and ingest on each, timed by /usr/bin/time
# (wall and CPU, peak RSS). Printed: the times, the index size and its plots,
# the exponent of time against cells fitted by least squares on log-log
# (1 = linear), and the goals. Runs in /dev/shm. Figures, not assertions.
#
#   O=build SMMUBENCH=build/smmubench bash tests/bench/bench_report_scale.sh
# Knobs: SCALE_CELLS ("100 300 1000").
SMMUBENCH=$(realpath "${SMMUBENCH:-build/smmubench}")
sizes=${SCALE_CELLS:-100 300 1000}

echo "# bench_report_scale: report, compare, ingest at ${sizes// /, } cells x 5 repetitions (model)"
command -v /usr/bin/time >/dev/null || { echo "skipped: /usr/bin/time missing (Debian: time)"; exit 0; }
tmp=$(mktemp -d /dev/shm/bench_report_scale.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# scale_conf CELLS: the bench.conf of CELLS cells; the granules go in
# sections of 25 (at most 32 values a key, 198 characters a line)
scale_conf() {
	local g=$(($1 / 4)) lo=1 hi n=0
	printf '[global]\nlabel = scale%s\nresults = results\nrepeat = 5\nwarmup = 0\n' "$1"
	printf '[target]\ntype = model\nkeep_raw = none\n[model]\ndesigns = native, paravirt\n'
	while [ "$lo" -le "$g" ]; do
		hi=$((lo + 24))
		[ "$hi" -gt "$g" ] && hi=$g
		n=$((n + 1))
		printf '[workload g%s]\ntype = dmabench\ngranule = %s\nthreads = 1, 2\nduration_ms = 1\n' \
			"$n" "$(seq -s, "$lo" "$hi")"
		lo=$((hi + 1))
	done
}

# timed NAME CMD...: "wall_s cpu_s maxrss_kb" into $tmp/NAME.t, output into $tmp/NAME.out
timed() {
	local name=$1

	shift
	/usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.t" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	awk 'END { printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$tmp/$name.t" >"$tmp/$name.t2"
	cat "$tmp/$name.t2"
}

printf '%6s %8s %9s | %-22s | %-22s | %-22s | %9s %6s\n' cells rows "gen s" \
	"report wall/CPU s, MB" "compare wall/CPU s, MB" "ingest wall/CPU s, MB" "index kB" plots
for n in $sizes; do
	d=$tmp/c$n
	mkdir -p "$d"
	scale_conf "$n" >"$d/bench.conf"
	t0=$(date +%s.%N)
	(cd "$d" && "$SMMUBENCH" run -q bench.conf >run.out 2>run.err) ||
		{ echo "run of $n cells failed: $(tail -1 "$d/run.err")"; exit 1; }
	gen=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
	run=$(ls -d "$d"/results/2*)
	rows=$(wc -l <"$run/results.jsonl")
	cp -a "$run" "$d/copy"
	set -- $(timed "report$n" "$SMMUBENCH" report -o "$d/rep" "$run")
	rw=$1 rc=$2 rm=$3
	set -- $(timed "compare$n" "$SMMUBENCH" compare "$run" "$d/copy")
	cw=$1 cc=$2 cm=$3
	set -- $(timed "ingest$n" "$SMMUBENCH" ingest --db "$d/results.db" "$run")
	iw=$1 ic=$2 im=$3
	kb=$(($(stat -c %s "$d/rep/index.html") / 1024))
	np=$(ls "$d"/rep/plots/*.svg 2>/dev/null | wc -l)
	printf '%6s %8s %9s | %6s %6s %8.0f | %6s %6s %8.0f | %6s %6s %8.0f | %9s %6s\n' \
		"$n" "$rows" "$gen" "$rw" "$rc" "$((rm / 1024))" "$cw" "$cc" "$((cm / 1024))" \
		"$iw" "$ic" "$((im / 1024))" "$kb" "$np"
	echo "$n $rw $rc $rm $cw $cc $cm $iw $ic $im $kb $rows" >>"$tmp/fig"
	rm -rf "$run" "$d/copy"	# tmpfs: keep memory for the next size
done

# exponent b of t = a * cells^b, least squares on (log cells, log t); column c of fig
fit() {
	awk -v c="$1" '$c > 0 { x = log($1); y = log($c); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
		END { if (n < 2 || n * sxx == sx * sx) print "-"; else printf "%.2f", (n * sxy - sx * sy) / (n * sxx - sx * sx) }' "$tmp/fig"
}
echo "fitted exponent of time against cells (1 = linear, 2 = quadratic), wall / CPU:"
echo "  report $(fit 2) / $(fit 3)   compare $(fit 5) / $(fit 6)   ingest $(fit 8) / $(fit 9)   peak RSS of report: $(fit 4)"
last=$(tail -1 "$tmp/fig")
set -- $last
goal() { awk -v v="$2" -v l="$3" -v w="$1" -v u="$4" 'BEGIN { printf "  %-28s %s: %s %s (< %s %s)\n", w, (v < l) ? "met" : "NOT met", v, u, l, u }'; }
echo "goals at $1 cells (${12} rows):"
goal "report wall" "$2" 20 s
goal "report CPU" "$3" 20 s
goal "index.html" "$(awk -v k="${11}" 'BEGIN { printf "%.2f", k / 1024 }')" 2 MB
goal "compare wall" "$5" 5 s
goal "compare CPU" "$6" 5 s
goal "ingest wall" "$8" 5 s
goal "ingest CPU" "$9" 5 s
awk '{ printf "  peak RSS of report at %5d cells: %6.1f MB = %5.1f kB per cell, %4.0f B per results row\n", $1, $4 / 1024, $4 / $1, $4 * 1024 / $12 }' "$tmp/fig"
echo "(what grows with cells: the rows kept in memory, 72 B each plus their per-cell index, and the tables of the document; the file is read line by line and names are interned)"
