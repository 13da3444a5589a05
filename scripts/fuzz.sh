#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer in build-fuzz, then runs each for SECONDS.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]    e.g. scripts/fuzz.sh 600 safetensors json
#
# SECONDS defaults to 30; TARGETs (json, safetensors, clip_tokenizer,
# subword_tokenizer, manifest, audio, image) default to all of them, run one
# after the other. Each run reads the committed seeds (tests/fuzz/seeds/TARGET)
# and writes what it discovers to build-fuzz/corpus/TARGET, which later runs
# start from; the seed folders are never written to. Any crash, sanitizer
# report, leak, timeout (10 s per input) or memory blow-up (2 GB) fails the
# script; the input that caused it is saved under build-fuzz/findings/TARGET
# and the script prints how to replay it.
#
# Environment: FUZZ_BUILD_DIR (default: build-fuzz), JOBS (default: nproc),
# FUZZ_CC/FUZZ_CXX (default: clang/clang++), FUZZ_ARGS (extra libFuzzer options).
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${1:-30}"
[ $# -gt 0 ] && shift
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi

all_targets=()
for source in tests/fuzz/fuzz_*.cpp; do
  name="${source##*/fuzz_}"
  all_targets+=("${name%.cpp}")
done
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  if [ ! -f "tests/fuzz/fuzz_${target#fuzz_}.cpp" ]; then
    echo "fuzz.sh: no target '$target' (have: ${all_targets[*]})" >&2
    exit 2
  fi
done

# Not CC/CXX or BUILD_DIR: scripts/setup.sh test calls this script, and those
# belong to the main build.
cc="${FUZZ_CC:-clang}"
cxx="${FUZZ_CXX:-clang++}"
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz.sh: $cxx not found; install clang and libclang-rt-14-dev (scripts/setup.sh lists them)" >&2
  exit 2
fi

build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${JOBS:-$(nproc)}"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  CC="$cc" CXX="$cxx" cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DFUSIONSCOPE_FUZZ=ON
fi
cmake --build "$build_dir" --parallel "$jobs"

# The longest input each target gets: a little above its largest seed, so
# mutations can grow a file without the fuzzer wasting time on huge ones.
max_len() {
  case "$1" in
    clip_tokenizer|subword_tokenizer) echo 8192 ;;
    audio) echo 6144 ;;
    *) echo 4096 ;;
  esac
}

# Stack traces for UBSan reports (-fno-sanitize-recover already makes them
# fatal); known leaks of system libraries are listed in tests/fuzz/lsan.supp.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# The decoders' own complaints stay silenced as in the app (io/quiet_stderr.h),
# else the image target alone would log megabytes a second. The price: a report
# raised inside a decoder may not reach the log, so replays turn them back on.

failed=()
for target in "${targets[@]}"; do
  target="${target#fuzz_}"
  binary="$build_dir/tests/fuzz/fuzz_$target"
  corpus="$build_dir/corpus/$target"
  findings="$build_dir/findings/$target"
  log="$build_dir/logs/$target.log"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  dict=()
  [ -f "tests/fuzz/dicts/$target.dict" ] && dict=(-dict="tests/fuzz/dicts/$target.dict")
  echo "== fuzz_$target: $seconds s"
  status=0
  touch "$log.start"
  # The first folder is the one libFuzzer writes new inputs to; the seeds only feed it.
  # shellcheck disable=SC2086
  "$binary" "$corpus" "tests/fuzz/seeds/$target" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -artifact_prefix="$findings/" -print_final_stats=1 ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
  grep -a -E "^#[0-9]+[[:space:]]+(INITED|DONE)" "$log" | tail -1 || true
  grep -a -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz_$target FAILED (exit $status); the end of $log:"
    tail -n 60 "$log"
    reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    if [ -z "$reproducer" ]; then # the message can be lost; the file is not
      reproducer=$(find "$findings" -type f -newer "$log.start" | head -1)
    fi
    if [ -n "$reproducer" ]; then
      echo "reproducer: $reproducer"
      echo "replay:     FUSIONSCOPE_LIBRARY_MESSAGES=1 $binary $reproducer"
    fi
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: no findings in ${targets[*]} ($seconds s each)"
