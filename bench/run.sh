#!/usr/bin/env bash
# Benchmarks a whole desist run on a generated corpus against a reference
# on the same corpus: grep -F -o -f over the codebook's cue phrases.
#
# Usage: bench/run.sh SIZE_MB [--stages]
#
# It builds desist, writes SIZE_MB megabytes (10^6 bytes) of fictional
# transcripts with bench/gencorpus (seed 1, so the same size gives the same
# corpus), reads the corpus once so that both runs find it in the page
# cache, times grep, then times "desist run --quiet" under /usr/bin/time -v,
# and prints the corpus size, both times, MB/s, peak memory, statements and
# rows written and the ratio desist/grep. With --stages it also runs the
# whole pipeline under Go's CPU profiler (BenchmarkRunCorpus) and prints
# each stage's share of the CPU time.
#
# Set BENCH_DIR to keep the work folder (corpus, outputs) there instead of
# a temporary one that is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:?usage: bench/run.sh SIZE_MB [--stages]}
stages=${2:-}
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
go build -o "$work/desist" ./cmd/desist
corpus=$work/corpus-$size
if [ ! -d "$corpus" ]; then
  go run ./bench/gencorpus -out "$corpus" -mb "$size" -seed 1 >/dev/null
fi
go run ./bench/cuephrases > "$work/phrases.txt"
bytes=$(find "$corpus" -type f -name '*.txt' -exec cat {} + | wc -c)
files=$(find "$corpus" -type f -name '*.txt' | wc -l)

now() { date +%s.%N; }

# The reference. Its output is counted rather than sent to /dev/null: GNU
# grep stops at the first match when its output is /dev/null.
t0=$(now)
matches=$(grep -r -F -o -f "$work/phrases.txt" "$corpus" | wc -l)
t1=$(now)
grep_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')

rm -rf "$work/out"
/usr/bin/time -v -o "$work/time.txt" "$work/desist" run --quiet --out "$work/out" "$corpus" 2> "$work/desist.err" || {
  echo "desist failed:"; tail -5 "$work/desist.err"; exit 1; }
desist_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
cpu_s=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time.txt")
summary=$(grep -E '^desist: [0-9]+ transcripts' "$work/desist.err" | tail -1)
read -r statements coded codes <<< "$(sed -E 's/.*; ([0-9]+) statements, ([0-9]+) coded, ([0-9]+) codes given.*/\1 \2 \3/' <<< "$summary")"
sheets=$(unzip -l "$work/out/coded.xlsx" | grep -c 'xl/worksheets/sheet' || true)
xlsx_b=$(stat -c %s "$work/out/coded.xlsx")

awk -v bytes="$bytes" -v files="$files" -v gs="$grep_s" -v ds="$desist_s" -v rss="$rss_kb" -v cpu="$cpu_s" \
    -v st="$statements" -v coded="$coded" -v codes="$codes" -v matches="$matches" \
    -v sheets="$sheets" -v xlsx="$xlsx_b" -v cores="$(nproc)" 'BEGIN {
  mb = bytes / 1e6
  printf "corpus:      %.1f MB in %d transcripts (%d cores)\n", mb, files, cores
  printf "grep -F:     %7.2f s  %7.1f MB/s  (%d phrase matches)\n", gs, mb / gs, matches
  printf "desist run:  %7.2f s  %7.1f MB/s  peak RSS %.0f MB  (CPU %.1f s, user and system: %.1f cores busy)\n", ds, mb / ds, rss / 1024, cpu, cpu / ds
  printf "written:     %d statements, %d coded; rows: %d in Statements, %d in Uncoded (%d in all); %d sheets, coded.xlsx %.1f MB\n", st, coded, codes, st - coded, codes + st - coded, sheets, xlsx / 1e6
  printf "ratio desist/grep: %.1f\n", ds / gs
}'
if grep -q 'warning: coded.xlsx' "$work/desist.err"; then grep 'warning: coded.xlsx' "$work/desist.err"; fi

if [ "$stages" = "--stages" ]; then
  echo "share of CPU time by stage (BenchmarkRunCorpus under the CPU profiler; stages overlap where one calls another):"
  DESIST_BENCH_CORPUS=$corpus go test -run '^$' -bench '^BenchmarkRunCorpus$' -benchtime 1x \
    -cpuprofile "$work/cpu.prof" -o "$work/pipeline.test" ./pipeline > /dev/null
  go tool pprof -top -cum -nodecount 400 "$work/pipeline.test" "$work/cpu.prof" 2>/dev/null |
    awk '
      /Total samples/ { for (i = 1; i <= NF; i++) if ($i == "Total") { total = $(i + 3); sub(/s\)?$/, "", total) } }
      {
        name = $6
        if (name in want && !(name in seen)) { seen[name] = 1; printf "  %-42s %6s  %s\n", want[name], $5, "(" name ")" }
      }
      BEGIN {
        want["desist/pipeline.readTranscript"] = "read, decode, parse, split (workers)"
        want["desist/coding.(*Coder).codeIn"] = "code statements"
        want["desist/pipeline.(*redactor).learnPrepared"] = "redaction: learning pass"
        want["desist/pipeline.prepareLearning"] = "redaction: words counted for it (workers)"
        want["desist/pipeline.(*redactor).planStatement"] = "redaction: planning (workers)"
        want["desist/pipeline.(*redactor).apply"] = "redaction: applying"
        want["desist/pipeline.(*tally).add"] = "Summary and Framework tally"
        want["desist/pipeline.(*reportBuilder).add"] = "report builder"
        want["desist/pipeline.(*refiExport).add"] = "REFI-QDA export, gathering"
        want["desist/pipeline.(*workbook).addStatement"] = "workbook rows (Statements, Uncoded)"
        want["desist/pipeline.(*statementsCSV).add"] = "statements.csv rows"
        want["desist/pipeline.writeOutputs"] = "writing outputs at the end"
        want["runtime.gcBgMarkWorker"] = "garbage collection (background)"
      }'
fi
