#!/usr/bin/env bash
# benchmarks/compare.sh — did the hot loops get slower? (see benchmarks/README.md)
#
#   benchmarks/compare.sh [BASE]     benchmark BASE and the working tree, interleaved, and gate
#   benchmarks/compare.sh --self-check   prove the gate end to end on a deliberately slowed build
#
# Builds the benchmark binary of BASE (in a temporary `git worktree`) and of the
# working tree (the current directory, uncommitted changes included) once each,
# runs them alternately (base, new, new, base, ...) BENCH_COUNT times over a
# subset of hot-loop benchmarks, and compares them with benchgate (the
# Mann-Whitney U test of benchstat) and the pinned benchstat. It also runs the
# same-run ratio gates (SGP4 vs go-satellite, AVX vs -tags purego coverage).
#
# BASE defaults to the previous commit: HEAD~1 when HEAD is on origin/main (CI's
# clone of main), the merge base with origin/main otherwise; with uncommitted
# changes outside CI, HEAD. No previous commit (first commit, shallow clone):
# the comparison is skipped with a note, the ratio gates still run.
#
# Writes benchmarks/out/report.md (and the raw outputs beside it), prints it,
# and exits 1 when a gate fails, 2 on a usage or build error.
#
# Environment: BENCH_COUNT (rounds, default 10), BENCH_THRESHOLD (largest
# tolerated significant slowdown, default 0.15), BENCH_FILTER (an extended
# regexp: run only the subset entries it matches, e.g. SGP4; ratio gates whose
# benchmarks are left out are skipped), BENCH_OUT (default benchmarks/out),
# BENCHSTAT (a benchstat binary to use instead of installing the pinned one),
# CI (=true: never default BASE to HEAD).
set -euo pipefail

BENCHSTAT_VERSION=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf, pinned
COUNT=${BENCH_COUNT:-10}
THRESHOLD=${BENCH_THRESHOLD:-0.15}

# The hot-loop subset: "pattern benchtime" (go test -bench patterns, matched per
# /-separated level). Counts of iterations, not durations, so every round does
# the same work; each entry is a separate process, so base and new alternate
# every few hundred milliseconds. Adding an entry here adds it to the
# comparison; a benchmark the base lacks is noted and skipped.
SUBSET=(
  '^BenchmarkSGP4$/^impl=gnssim$ 5x'
  '^BenchmarkSGP4$/^impl=go-satellite$ 3x'
  '^BenchmarkSGP4$/^impl=gnssim-batch$/^workers=1$ 5x'
  '^BenchmarkCoverage$/^grid=2deg$ 3x'
  '^BenchmarkSiteDOP$ 5x'
  '^BenchmarkARAIM$ 0.2s'
)
if [ -n "${BENCH_FILTER:-}" ]; then
  kept=()
  for e in "${SUBSET[@]}"; do
    if grep -qE -- "$BENCH_FILTER" <<<"${e% *}"; then kept+=("$e"); fi
  done
  [ ${#kept[@]} -gt 0 ] || { echo "compare.sh: BENCH_FILTER=$BENCH_FILTER matches no benchmark of the subset" >&2; exit 2; }
  SUBSET=("${kept[@]}")
fi
# Entries also run by the -tags purego build, for the AVX-vs-pure-Go ratio gate.
PUREGO_SUBSET='^BenchmarkCoverage$/^grid=2deg$'
# Benchmarks (names without -N) whose slowdown fails CI. go-satellite is not
# gnssim's code: it runs in both builds as a control of the machine's noise.
GATED='^Benchmark(SGP4/impl=gnssim|SGP4/impl=gnssim-batch/workers=1|Coverage/grid=2deg/span=24h/step=5m|SiteDOP|ARAIM(/.*)?)$'

die() { echo "compare.sh: $*" >&2; exit 2; }
note() { # once per distinct note
  grep -qxF -- "- $*" "$NOTES" 2>/dev/null && return 0
  echo "- $*" >>"$NOTES"; echo "compare.sh: $*" >&2
}

# commit_line REV: "abc1234 subject", the subject cut to 100 characters.
commit_line() { git log -1 --format='%h %<(100,trunc)%s' "$1" | sed 's/ *$//'; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

SELF_CHECK=false
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --self-check) SELF_CHECK=true; shift ;;
  -*) die "unknown option $1 (see --help)" ;;
esac
[ $# -le 1 ] || die "too many arguments (see --help)"
if ! [[ $COUNT =~ ^[0-9]+$ ]] || [ "$COUNT" -lt 4 ]; then
  die "BENCH_COUNT=$COUNT: need at least 4 rounds for the U test to reach p < 0.05"
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT=${BENCH_OUT:-$ROOT/benchmarks/out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gnssim-bench.XXXXXX")
WORKTREE=""
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ -n "$WORKTREE" ]; then
    git -C "$ROOT" worktree remove --force "$WORKTREE" >/dev/null 2>&1 || true
    git -C "$ROOT" worktree prune || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
NOTES=$TMP/notes.md
: >"$NOTES"
START=$SECONDS

echo "== building benchgate"
go build -o "$TMP/benchgate" ./benchmarks/cmd/benchgate || die "benchgate does not build"

# run_bin LABEL BIN DIR PATTERN BENCHTIME OUTFILE: one benchmark process, its
# results appended to OUTFILE. Returns the binary's exit status.
run_bin() {
  local label=$1 bin=$2 dir=$3 pat=$4 bt=$5 out=$6 rc=0
  (cd "$dir" && "$bin" -test.run '^$' -test.bench "$pat" -test.benchtime "$bt" \
    -test.benchmem -test.timeout 10m) >>"$out" 2>>"$TMP/$label.stderr" || rc=$?
  return "$rc"
}

# interleave ROUNDS ENTRY...: each round runs every entry with the base and the
# new binary (base first in odd rounds, new first in even ones: ABBA, so a
# drift or an order effect hits both alike), and the purego binary where set.
# Uses OLD_BIN/OLD_DIR (empty: no base), NEW_BIN/NEW_DIR, PURE_BIN and writes
# $RUN_OUT/{old,new,purego}.txt. A failing base run is noted and skipped; a
# failing new run fails.
interleave() {
  local rounds=$1; shift
  local r entry pat bt order who
  local -A old_failed=()
  mkdir -p "$RUN_OUT"
  : >"$RUN_OUT/old.txt"; : >"$RUN_OUT/new.txt"; : >"$RUN_OUT/purego.txt"
  for ((r = 1; r <= rounds; r++)); do
    printf 'round %d/%d ' "$r" "$rounds" >&2
    for entry in "$@"; do
      pat=${entry% *}; bt=${entry##* }
      order="old new"; [ $((r % 2)) -eq 0 ] && order="new old"
      for who in $order; do
        if [ "$who" = old ]; then
          if [ -z "$OLD_BIN" ] || [ -n "${old_failed[$pat]:-}" ]; then continue; fi
          if ! run_bin old "$OLD_BIN" "$OLD_DIR" "$pat" "$bt" "$RUN_OUT/old.txt"; then
            old_failed[$pat]=1
            note "the base binary failed on \`$pat\` (see $OUT/old.stderr): skipped there from round $r on"
          fi
        else
          run_bin new "$NEW_BIN" "$NEW_DIR" "$pat" "$bt" "$RUN_OUT/new.txt" ||
            { cp "$TMP"/*.stderr "$OUT"/ 2>/dev/null || true; die "the new build failed on \`$pat\` (output: $RUN_OUT/new.txt, $OUT/new.stderr)"; }
        fi
      done
      if [ -n "$PURE_BIN" ] && [ "$pat" = "$PUREGO_SUBSET" ]; then
        run_bin purego "$PURE_BIN" "$NEW_DIR" "$pat" "$bt" "$RUN_OUT/purego.txt" ||
          { cp "$TMP"/*.stderr "$OUT"/ 2>/dev/null || true; die "the purego build failed on \`$pat\` (see $OUT/purego.stderr)"; }
      fi
      printf '.' >&2
    done
    echo >&2
  done
  cp "$TMP"/*.stderr "$OUT"/ 2>/dev/null || true
}

# compare_gate DIR [CONFIRM_DIR]: benchgate compare on DIR/{old,new}.txt (and
# the confirmation run's), Markdown to $TMP/compare.md; returns its status.
compare_gate() {
  local dir=$1 conf=${2:-} rc=0 args=(-threshold "$THRESHOLD")
  [ -n "${GATED:-}" ] && args+=(-gate "$GATED")
  [ -s "$dir/benchstat.csv" ] && args+=(-benchstat-csv "$dir/benchstat.csv")
  args+=("$dir/old.txt" "$dir/new.txt")
  [ -n "$conf" ] && args+=("$conf/old.txt" "$conf/new.txt")
  "$TMP/benchgate" compare "${args[@]}" >"$TMP/compare.md" || rc=$?
  [ $rc -le 1 ] || die "benchgate compare failed (exit $rc)"
  return $rc
}

# ---------------------------------------------------------------- self-check
if $SELF_CHECK; then
  # A synthetic benchmark built twice: as is, and with -tags benchslow (2×
  # the work). Through the same interleaving, gate and confirmation as the
  # real comparison, the gate must fail default→slow and pass default→default.
  echo "== self-check: building benchmarks/internal/selfcheck (default and -tags benchslow)"
  go test -c -o "$TMP/fast.test" ./benchmarks/internal/selfcheck
  go test -c -tags benchslow -o "$TMP/slow.test" ./benchmarks/internal/selfcheck
  OLD_DIR=$TMP NEW_DIR=$TMP PURE_BIN="" PUREGO_SUBSET="" GATED=""
  status=0
  : >"$OUT/selfcheck.md"
  for case in "slowed fail" "equal pass"; do
    name=${case% *}; want=${case#* }
    OLD_BIN=$TMP/fast.test NEW_BIN=$TMP/fast.test
    [ "$name" = slowed ] && NEW_BIN=$TMP/slow.test
    echo "== self-check: $name build, interleaved, want the gate to $want" >&2
    RUN_OUT=$TMP/sc1 interleave 8 '^BenchmarkSpin$ 100x'
    rc=0
    compare_gate "$TMP/sc1" || rc=$?
    if [ $rc -eq 1 ]; then
      echo "== self-check: the gate tripped, confirming with a second run" >&2
      RUN_OUT=$TMP/sc2 interleave 8 '^BenchmarkSpin$ 100x'
      rc=0
      compare_gate "$TMP/sc1" "$TMP/sc2" || rc=$?
    fi
    got=pass; [ $rc -eq 1 ] && got=fail
    verdict="ok"; [ "$got" = "$want" ] || { verdict="SELF-CHECK FAILED"; status=1; }
    { echo "### self-check: $name build → gate $got (want $want): $verdict"; echo; cat "$TMP/compare.md"; echo; } >>"$OUT/selfcheck.md"
  done
  rm -f "$OUT"/*.stderr
  cat "$OUT/selfcheck.md"
  echo "self-check took $((SECONDS - START)) s"
  if [ $status -eq 0 ]; then
    echo "self-check: the gate fails a 2× slowdown and passes equal builds"
  else
    echo "self-check: FAILED (see above)"
  fi
  exit $status
fi

# ---------------------------------------------------------------- the base
# Outputs of an earlier comparison must not mix with this one's (selfcheck.md stays).
rm -rf "$OUT"/{old,new,purego}.txt "$OUT"/*.stderr "$OUT"/benchstat.* "$OUT"/old-build.log "$OUT"/confirm "$OUT"/report.md
HEAD_SHA=$(git rev-parse HEAD)
BASE_ARG=${1:-}
BASE=""        # commit to compare against; empty: none
BASE_WHY=""
if [ -n "$BASE_ARG" ]; then
  BASE=$(git rev-parse -q --verify "$BASE_ARG^{commit}") || die "BASE '$BASE_ARG' is not a commit here"
  BASE_WHY="given on the command line ($BASE_ARG)"
elif [ "${CI:-}" != true ] && [ -n "$(git status --porcelain)" ]; then
  BASE=$HEAD_SHA
  BASE_WHY="HEAD (the working tree has uncommitted changes)"
else
  ref=HEAD~1
  if git rev-parse -q --verify origin/main >/dev/null; then
    mb=$(git merge-base HEAD origin/main 2>/dev/null || true)
    if [ -n "$mb" ] && [ "$mb" != "$HEAD_SHA" ]; then ref=$mb; fi
  fi
  if BASE=$(git rev-parse -q --verify "$ref^{commit}"); then
    if [ "$ref" = HEAD~1 ]; then BASE_WHY="the previous commit (HEAD~1)"; else BASE_WHY="the merge base with origin/main"; fi
  elif [ "$(git rev-parse --is-shallow-repository)" = true ]; then
    BASE=""
    note "shallow clone: the previous commit is not here (\`git fetch --deepen=1\` or \`--unshallow\` brings it): comparison skipped"
  else
    BASE=""
    note "no previous commit (this is the first commit): comparison skipped"
  fi
fi
if [ -n "$BASE" ]; then
  echo "== base: $(commit_line "$BASE") — $BASE_WHY"
fi

# ---------------------------------------------------------------- builds
echo "== building the benchmark binaries"
go test -c -o "$TMP/new.test" ./benchmarks || die "the benchmarks of the working tree do not build"
NEW_BIN=$TMP/new.test NEW_DIR=$ROOT/benchmarks
PURE_BIN="" SKIP_AVX="" pure_in_subset=false
for e in "${SUBSET[@]}"; do [ "${e% *}" != "$PUREGO_SUBSET" ] || pure_in_subset=true; done
if ! $pure_in_subset; then
  SKIP_AVX="its benchmark is not in this run (BENCH_FILTER)"
elif [ "$(go env GOARCH)" != amd64 ]; then
  SKIP_AVX="no AVX kernels on $(go env GOARCH)"
elif ! grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  SKIP_AVX="this CPU has no AVX2 (or /proc/cpuinfo is unreadable): both builds run the portable code"
else
  go test -c -tags purego -o "$TMP/purego.test" ./benchmarks || die "the benchmarks do not build with -tags purego"
  PURE_BIN=$TMP/purego.test
fi
OLD_BIN="" OLD_DIR=""
if [ -n "$BASE" ]; then
  WORKTREE=$TMP/base
  git worktree add --quiet --detach "$WORKTREE" "$BASE" || die "git worktree add of $BASE failed"
  if [ ! -d "$WORKTREE/benchmarks" ]; then
    note "the base $(git rev-parse --short "$BASE") has no benchmarks/ package: comparison skipped"
  elif (cd "$WORKTREE" && go test -c -o "$TMP/old.test" ./benchmarks) >"$TMP/oldbuild.log" 2>&1; then
    OLD_BIN=$TMP/old.test OLD_DIR=$WORKTREE/benchmarks
  else
    cp "$TMP/oldbuild.log" "$OUT/old-build.log"
    note "the benchmarks of the base $(git rev-parse --short "$BASE") do not build (see $OUT/old-build.log): comparison skipped"
  fi
fi

# ---------------------------------------------------------------- runs
echo "== running $COUNT interleaved rounds of: ${SUBSET[*]}"
RUN_START=$SECONDS
RUN_OUT=$OUT interleave "$COUNT" "${SUBSET[@]}"
RUN_TIME=$((SECONDS - RUN_START))

# ---------------------------------------------------------------- benchstat
BS=${BENCHSTAT:-}
if [ -z "$BS" ]; then
  BS_DIR=${TMPDIR:-/tmp}/gnssim-benchstat-$BENCHSTAT_VERSION
  if [ ! -x "$BS_DIR/benchstat" ]; then
    echo "== installing benchstat $BENCHSTAT_VERSION"
    (cd "$TMP" && GOFLAGS='' GOBIN=$BS_DIR go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION") >"$TMP/bs-install.log" 2>&1 ||
      note "benchstat could not be installed, so its table is missing (the gate, benchgate, does not need it): $(tail -n 3 "$TMP/bs-install.log" | tr '\n' ' ')"
  fi
  if [ -x "$BS_DIR/benchstat" ]; then BS=$BS_DIR/benchstat; fi
fi
# run_benchstat DIR: the human table (all metrics) and the CSV benchgate
# cross-checks its p-values against.
run_benchstat() {
  local dir=$1
  rm -f "$dir/benchstat.txt" "$dir/benchstat.csv"
  [ -n "$BS" ] && [ -n "$OLD_BIN" ] || return 0
  "$BS" base="$dir/old.txt" new="$dir/new.txt" >"$dir/benchstat.txt" 2>&1 || true
  "$BS" -format csv base="$dir/old.txt" new="$dir/new.txt" >"$dir/benchstat.csv" 2>/dev/null || rm -f "$dir/benchstat.csv"
}

# ---------------------------------------------------------------- gates
# ratio_gate DIR [CONFIRM_DIR]: benchgate ratios, Markdown to $TMP/ratios.md.
ratio_gate() {
  local dir=$1 conf=${2:-} rc=0 args=(-default "$1/new.txt")
  [ -n "$PURE_BIN" ] && args+=(-purego "$dir/purego.txt")
  [ -n "$SKIP_AVX" ] && args+=(-skip "coverage-avx=$SKIP_AVX")
  [ -n "${BENCH_FILTER:-}" ] && args+=(-missing-ok)
  if [ -n "$conf" ]; then
    args+=(-confirm-default "$conf/new.txt")
    [ -n "$PURE_BIN" ] && args+=(-confirm-purego "$conf/purego.txt")
  fi
  "$TMP/benchgate" ratios "${args[@]}" >"$TMP/ratios.md" || rc=$?
  [ $rc -le 1 ] || die "benchgate ratios failed (exit $rc)"
  return $rc
}
run_benchstat "$OUT"
cmp_rc=0 ratio_rc=0 CONFIRMED=false
if [ -n "$OLD_BIN" ]; then
  compare_gate "$OUT" || cmp_rc=$?
else
  echo "No comparison with a previous commit in this run (see the notes)." >"$TMP/compare.md"
  rm -f "$OUT/old.txt"
fi
ratio_gate "$OUT" || ratio_rc=$?
if [ $cmp_rc -ne 0 ] || [ $ratio_rc -ne 0 ]; then
  # One burst of load on a shared VM can trip a gate: a failure stands only
  # if an independent second interleaved run trips it again.
  echo "== a gate tripped: confirming with a second run of $COUNT interleaved rounds"
  CONFIRMED=true
  RUN_OUT=$OUT/confirm interleave "$COUNT" "${SUBSET[@]}"
  run_benchstat "$OUT/confirm"
  cmp_rc=0 ratio_rc=0
  [ -z "$OLD_BIN" ] || compare_gate "$OUT" "$OUT/confirm" || cmp_rc=$?
  ratio_gate "$OUT" "$OUT/confirm" || ratio_rc=$?
fi
status=0
[ $cmp_rc -eq 0 ] && [ $ratio_rc -eq 0 ] || status=1

# ---------------------------------------------------------------- report
REPORT=$OUT/report.md
{
  echo "# gnssim benchmark gate"
  echo
  dirty=""; [ -n "$(git status --porcelain)" ] && dirty=" + uncommitted changes"
  echo "- new: the working tree at $(commit_line HEAD)$dirty"
  if [ -n "$BASE" ]; then echo "- base: $(commit_line "$BASE") — $BASE_WHY"; else echo "- base: none"; fi
  echo "- machine: $(grep -m1 '^cpu:' "$OUT/new.txt" | sed 's/^cpu: *//; s/ *$//'), $(nproc 2>/dev/null || echo '?') cores, $(go version | cut -d' ' -f3-)"
  # shellcheck disable=SC2016 # backquotes for Markdown
  echo "- $COUNT interleaved rounds (ABBA) of: $(printf '`%s` ' "${SUBSET[@]}")"
  confirm_note=""; $CONFIRMED && confirm_note=", plus a confirmation run because a gate tripped"
  echo "- benchmarks ran for ${RUN_TIME} s$confirm_note; the whole comparison took $((SECONDS - START)) s"
  raw=""
  for f in old.txt new.txt purego.txt confirm; do [ -s "$OUT/$f" ] || [ -d "$OUT/$f" ] && raw+=" $f"; done
  echo "- raw outputs in $OUT:$raw (benchstat $BENCHSTAT_VERSION reproduces its table: \`benchstat base=old.txt new=new.txt\`)"
  if [ -s "$NOTES" ]; then echo; echo "Notes:"; echo; cat "$NOTES"; fi
  echo
  echo "## Base vs new (regression gate)"
  echo
  cat "$TMP/compare.md"
  for d in "$OUT" "$OUT/confirm"; do
    [ -s "$d/benchstat.txt" ] || continue
    echo
    if [ "$d" = "$OUT" ]; then echo "benchstat, all metrics:"; else echo "benchstat, confirmation run:"; fi
    echo
    echo '```'
    cat "$d/benchstat.txt"
    echo '```'
  done
  echo
  echo "## Same-run ratios"
  echo
  cat "$TMP/ratios.md"
  echo
  if [ $status -eq 0 ]; then echo "**Verdict: PASS**"; else echo "**Verdict: FAIL** (see above)"; fi
} >"$REPORT"
echo
cat "$REPORT"
echo
echo "report written to $REPORT"
exit $status
