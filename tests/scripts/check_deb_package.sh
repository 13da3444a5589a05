#!/usr/bin/env bash
# The Debian package: builds it with CPack, checks its control fields and
# files, extracts it into a scratch root and runs the installed programs from
# there (then from a moved prefix), and validates the desktop entry, the
# AppStream metainfo, the MIME type and the man pages.
#
#   check_deb_package.sh BUILD_DIR WORK_DIR
set -euo pipefail

build="$1"
work="$2"
rm -rf "$work"
mkdir -p "$work"

fail() { echo "check_deb_package: $*" >&2; exit 1; }

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb=$(ls "$work"/out/fusionscope_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb in $work/out"
echo "package: $deb ($(stat -c %s "$deb") bytes)"

# Depends: the libraries (from dpkg-shlibdeps) and what is used without linking.
depends=$(dpkg-deb -f "$deb" Depends)
for package in libtorch1.13 libopenblas0-pthread libqt6core6 libqt6widgets6 libqt6multimedia6 libqt6svg6 \
               qt6-qpa-plugins libqcustomplot2.1-qt6 libopencv-core libsndfile1 libespeak-ng1 espeak-ng \
               fonts-noto-color-emoji gstreamer1.0-plugins-good; do
  grep -q "$package[^,]* (>= " <<<"$depends" || fail "Depends lacks a versioned $package: $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = fusionscope ] || fail "package name"

root="$work/root"
dpkg-deb -x "$deb" "$root"
for file in usr/bin/fusionscope usr/bin/fusionscope-cli \
            usr/share/fusionscope/models/mini/mini.safetensors usr/share/fusionscope/models/mini/MODEL_CARD.md \
            usr/share/fusionscope/models/shapes/shapes-xattn.safetensors \
            usr/share/fusionscope/samples/emoji/manifest.jsonl \
            usr/share/fusionscope/translations/fusionscope_zh_CN.qm \
            usr/share/applications/org.fusionscope.FusionScope.desktop \
            usr/share/metainfo/org.fusionscope.FusionScope.metainfo.xml \
            usr/share/mime/packages/org.fusionscope.FusionScope.xml \
            usr/share/icons/hicolor/scalable/apps/org.fusionscope.FusionScope.svg \
            usr/share/icons/hicolor/48x48/apps/org.fusionscope.FusionScope.png \
            usr/share/icons/hicolor/256x256/apps/org.fusionscope.FusionScope.png \
            usr/share/man/man1/fusionscope.1.gz usr/share/man/man1/fusionscope-cli.1.gz \
            usr/share/doc/fusionscope/copyright; do
  [ -s "$root/$file" ] || fail "the package lacks $file"
done
file "$root/usr/share/icons/hicolor/48x48/apps/org.fusionscope.FusionScope.png" | grep -q "48 x 48" ||
  fail "the 48x48 icon is not 48 x 48"

# Nothing below may find the source tree's resources: no override, a scratch home.
unset FUSIONSCOPE_RESOURCES
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/config" XDG_CACHE_HOME="$work/home/cache" \
       XDG_DATA_HOME="$work/home/data" XDG_RUNTIME_DIR="$work/home/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

check_cli() { # prefix: the installed CLI lists its models from <prefix>/share/fusionscope
  local prefix="$1" info
  info=$("$prefix/bin/fusionscope-cli" info) || fail "$prefix/bin/fusionscope-cli info failed"
  grep -qF "Resources: $(realpath "$prefix/share/fusionscope")" <<<"$info" ||
    fail "fusionscope-cli in $prefix does not use its own resources: $info"
  for model in mini shapes-early shapes-late shapes-xattn shapes-gated; do
    grep -Eq "builtin:$model +installed" <<<"$info" || fail "builtin:$model not installed in $prefix: $info"
  done
  local out
  out=$("$prefix/bin/fusionscope-cli" --json retrieve --model builtin:mini --no-cache \
        --collection "$prefix/share/fusionscope/samples/emoji/manifest.jsonl" --query-text "red heart" --k 3) ||
    fail "retrieval with the installed model and sample failed"
  grep -q '"rank":1' <<<"$out" || fail "retrieval printed no ranking: $out"
}
check_cli "$root/usr"
# Found on PATH (argv[0] is then the bare name), started from another folder.
on_path=$(cd "$work" && PATH="$root/usr/bin:$PATH" fusionscope-cli info)
grep -qF "Resources: $(realpath "$root/usr/share/fusionscope")" <<<"$on_path" ||
  fail "fusionscope-cli found on PATH does not use its own resources: $on_path"
echo "installed fusionscope-cli: ok"

# The desktop app, offscreen: every page shows results from the installed model and sample.
tour=$(QT_QPA_PLATFORM=offscreen timeout 300 "$root/usr/bin/fusionscope" --tour "$work/tour" 2>"$work/tour.log") ||
  { tail -5 "$work/tour.log" >&2; fail "the installed fusionscope --tour failed"; }
grep -q "saved [0-9]* page(s)" <<<"$tour" || fail "the tour printed: $tour"
[ "$(ls "$work/tour"/*.png | wc -l)" -ge 7 ] || fail "the tour saved fewer than 7 pages"
echo "installed fusionscope: $tour"

# A moved prefix still finds its resources; the variable overrides them.
mkdir -p "$work/moved/opt"
mv "$root/usr" "$work/moved/opt/fusionscope"
check_cli "$work/moved/opt/fusionscope"
override=$(FUSIONSCOPE_RESOURCES="$work/moved/opt/fusionscope/share/fusionscope/samples" \
           "$work/moved/opt/fusionscope/bin/fusionscope-cli" info)
grep -Eq "builtin:mini +not installed" <<<"$override" ||
  fail "FUSIONSCOPE_RESOURCES did not override: $override"
mv "$work/moved/opt/fusionscope" "$root/usr"
echo "moved prefix and override: ok"

# Desktop entry, AppStream, MIME type, man pages.
desktop-file-validate "$root/usr/share/applications/org.fusionscope.FusionScope.desktop"
grep -q "^MimeType=application/x-fusionscope-workspace;" "$root/usr/share/applications/org.fusionscope.FusionScope.desktop" ||
  fail "the desktop entry does not claim the workspace type"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.fusionscope.FusionScope.metainfo.xml"
appstreamcli validate-tree --no-net "$root"
update-mime-database "$root/usr/share/mime"
[ -f "$root/usr/share/mime/application/x-fusionscope-workspace.xml" ] || fail "the MIME type was not registered"
grep -q "application/x-fusionscope-workspace:\*\.fsw" "$root/usr/share/mime/globs2" || fail "*.fsw is not the workspace type"
for page in fusionscope fusionscope-cli; do
  warnings=$(zcat "$root/usr/share/man/man1/$page.1.gz" | groff -man -Tutf8 -ww -z 2>&1)
  [ -z "$warnings" ] || fail "$page.1: $warnings"
done
echo "desktop entry, metainfo, MIME type, man pages: ok"
