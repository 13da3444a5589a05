#!/usr/bin/env bash
# Sets FusionScope up on Debian 12 and builds it: installs the Debian packages
# that are missing, configures, builds, then runs the app or the tests.
#
#   scripts/setup.sh run [app options]   build and start the desktop app
#   scripts/setup.sh test [ctest options] build and run the whole test suite, then
#                                         fuzz the parsers briefly (scripts/fuzz.sh)
#   scripts/setup.sh build                install and build only
#
# Environment: BUILD_DIR (default: build), JOBS (default: nproc),
# CMAKE_ARGS (extra configure options), FUZZ_SECONDS (seconds per fuzz target
# after the tests, default 30; 0 skips fuzzing).
set -euo pipefail

cd "$(dirname "$0")/.."
mode="${1:-build}"
[ $# -gt 0 ] && shift

# Build tools and libraries, then what the app and the tests need at run time.
# libopenblas0-pthread replaces the reference BLAS that LibTorch would
# otherwise use (measured: 3 -> 114 GFLOP/s single-precision matrix multiply).
# The last line builds and checks the .deb (icons, validators, MIME database, man pages).
# clang and its runtime (libFuzzer, sanitizers) build the fuzz targets.
packages=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  libtorch-dev libopenblas0-pthread
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev
  libsndfile1-dev zlib1g-dev libespeak-ng-dev espeak-ng
  qt6-base-dev qt6-base-dev-tools libqt6svg6-dev qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  fonts-noto-color-emoji fonts-noto-cjk unicode-cldr-core unicode-data
  dpkg-dev file librsvg2-bin desktop-file-utils appstream shared-mime-info groff-base
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

build_dir="${BUILD_DIR:-build}"
jobs="${JOBS:-$(nproc)}"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build_dir/CMakeCache.txt" ]; then
  # shellcheck disable=SC2086
  cmake -S . -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CMAKE_ARGS:-}
fi
cmake --build "$build_dir" --parallel "$jobs"

case "$mode" in
  run)
    exec "$build_dir/app/fusionscope" "$@"
    ;;
  test)
    # Qt's offscreen platform: the GUI tests need no display.
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
    ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs" "$@"
    fuzz_seconds="${FUZZ_SECONDS:-30}"
    if [ "$fuzz_seconds" -gt 0 ]; then
      scripts/fuzz.sh "$fuzz_seconds"
    fi
    ;;
  build)
    ;;
  *)
    echo "usage: scripts/setup.sh run|test|build [options]" >&2
    exit 2
    ;;
esac
