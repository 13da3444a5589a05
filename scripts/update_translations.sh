#!/usr/bin/env bash
# Brings translations/*.ts up to date with the strings in the sources (new
# strings are added unfinished, strings gone from the code are dropped). Then
# translate the unfinished ones (Qt Linguist, or by hand) and rebuild: the
# build compiles the .ts files into the program.
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=/usr/lib/qt6/bin/lupdate
[ -x "$lupdate" ] || lupdate=$(command -v lupdate6 || command -v lupdate)
for ts in translations/*.ts; do
  "$lupdate" -no-obsolete -locations none ui widgets app/gui_main.cpp -ts "$ts"
done
