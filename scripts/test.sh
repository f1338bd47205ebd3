#!/usr/bin/env bash
# The README's test command: set up, build and run the whole test suite; then the tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/); then each libFuzzer
# target for $STEPWISE_FUZZ_SECONDS (default 60) on a corpus seeded from schemas/ and
# tests/cases/ (build-fuzz/). Each stage prints how long it took.
#   STEPWISE_SKIP_SANITIZE=1 / STEPWISE_SKIP_FUZZ=1 skip those stages (local runs only).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc)

stage_start=0
stage() {
    stage_start=$SECONDS
    echo "== test.sh: $1"
}
stage_done() {
    echo "== test.sh: $1 took $((SECONDS - stage_start)) s"
}

stage "setup"
./scripts/setup.sh
stage_done "setup"

stage "build"
./scripts/build.sh
stage_done "build"

stage "tests"
ctest_log=$(mktemp)
# A failing test's output is kept up to 4 MB, cut in the middle: ctest's default (300 KB, cut
# at the end) could drop the failure message a long property counterexample ends with.
ctest --test-dir "${STEPWISE_BUILD_DIR:-build}" --output-on-failure -j "$jobs" \
    --test-output-size-failed 4000000 --test-output-truncation middle | tee "$ctest_log"
total=$(grep -oE 'tests failed out of [0-9]+' "$ctest_log" | grep -oE '[0-9]+$' || echo 0)
rm -f "$ctest_log"
stage_done "tests"

if [ -z "${STEPWISE_SKIP_SANITIZE:-}" ]; then
    # The unit and library-level suites, rebuilt with ASan+UBSan. The suites that drive the
    # `stepwise` binary through whole migrations (SQLite/PostgreSQL/MariaDB acceptance cases,
    # CLI, resume, hostile names) run only in the main build above: under the sanitizers they
    # would triple this stage and cover the same library code these suites already reach.
    sanitized=(model_tests url_tests frontend_tests diff_tests plan_tests sqlite_tests
               runtime_tests property_tests hostile_unit_tests postgres_tests mysql_tests)
    stage "sanitizer build (build-asan)"
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTEPWISE_SANITIZE=ON >/dev/null
    cmake --build build-asan --target "${sanitized[@]}"
    stage_done "sanitizer build (build-asan)"

    stage "tests under ASan+UBSan"
    # Any UBSan report fails the run; leaks are reported at exit.
    for t in "${sanitized[@]}"; do
        echo "-- $t"
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            "build-asan/tests/$t" --gtest_brief=1
    done
    stage_done "tests under ASan+UBSan"
fi

if [ -z "${STEPWISE_SKIP_FUZZ:-}" ]; then
    stage "fuzzer build (build-fuzz)"
    cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
    cmake --build build-fuzz --target fuzz_schema fuzz_config
    stage_done "fuzzer build (build-fuzz)"

    seconds=${STEPWISE_FUZZ_SECONDS:-60}
    corpus=$(mktemp -d)
    trap 'rm -rf "$corpus"' EXIT
    mkdir -p "$corpus/schema" "$corpus/config" build-fuzz/artifacts
    find schemas tests/cases -name '*.schema' -print0 | while IFS= read -r -d '' f; do
        cp "$f" "$corpus/schema/$(echo "$f" | tr '/' '_')"
    done
    cp fuzz/seeds/config/* "$corpus/config/"
    for target in schema config; do
        stage "fuzz_$target for ${seconds} s"
        # git keeps no empty folders: the regressions folder exists once it holds an input.
        regressions=()
        [ -d "fuzz/regressions/$target" ] && regressions=("fuzz/regressions/$target")
        dict=()
        [ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
        # The regression inputs are read as seeds too, so a fixed crash stays fixed. A crash
        # is saved under build-fuzz/artifacts/: copy it to fuzz/regressions/$target/.
        if ! "build-fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
            -artifact_prefix="$root/build-fuzz/artifacts/" \
            "$corpus/$target" "${regressions[@]}" 2>"build-fuzz/fuzz_$target.log"; then
            tail -n 60 "build-fuzz/fuzz_$target.log"
            echo "fuzz_$target found a failure; the input is in build-fuzz/artifacts/" >&2
            exit 1
        fi
        grep -E '^stat::(number_of_executed_units|new_units_added)' \
            "build-fuzz/fuzz_$target.log" || true
        stage_done "fuzz_$target for ${seconds} s"
    done
fi

stage "benchmarks, quick (bench/run --quick)"
# Keeps the benchmarks working; the figures go to a temp file (printed), not the work tree.
bench_out=$(mktemp)
STEPWISE_BUILD_DIR="${STEPWISE_BUILD_DIR:-build}" bench/run --quick --out "$bench_out"
cat "$bench_out"
rm -f "$bench_out"
stage_done "benchmarks, quick (bench/run --quick)"

# Everything above stops the script on the first failure, so reaching here means all passed.
echo "stepwise: ${total} passed, 0 failed"
