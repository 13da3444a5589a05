#!/usr/bin/env bash
# Trains the four shapes VQA models (builtin:shapes-early|late|xattn|gated) and
# the reader of spoken questions ("speech") on the shapes pack and installs
# their weights and training reports in resources/models/shapes/. Each VQA run
# resumes from its checkpoint when started again.
# Usage: scripts/train_shapes.sh [PACK_DIR] [RUNS_DIR] [xattn|gated|early|late|speech...]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cli="$here/build/app/fusionscope-cli"
pack="${1:-$here/packs/shapes}"
runs="${2:-$here/runs}"
shift $(( $# > 2 ? 2 : $# ))
strategies=("${@:-xattn gated early late speech}")
[ -f "$pack/train.jsonl" ] || "$cli" make-pack shapes --out "$pack"
mkdir -p "$here/resources/models/shapes"
for strategy in ${strategies[@]}; do
  if [ "$strategy" = speech ]; then
    # About 20 minutes on 2 cores; it needs resources/models/mini.
    "$cli" --json train --task shapes-speech --pack "$pack" --out "$runs/shapes-speech" --steps 4000 \
      --eval-every 500 > "$runs/shapes-speech.json"
    cp "$runs/shapes-speech/shapes-speech.safetensors" "$here/resources/models/shapes/"
    sed "s|$runs/shapes-speech/||" "$runs/shapes-speech/report.json" \
      > "$here/resources/models/shapes/shapes-speech.report.json"
    continue
  fi
  # Minutes per strategy on 2 cores (30 at most in all); the attention models
  # need the most. They look near or far from where their first layer looked
  # (--distance-bias) and see exact patch places (--exact-places); a second
  # stage teaches each patch where its object's centre is (--refine-places) and
  # where to look (--attention-loss), starting from the first stage's weights.
  extra=()
  second=0
  rate=6e-4
  case "$strategy" in
    xattn) minutes=25; second=5; extra=(--distance-bias --exact-places) ;;
    gated) minutes=20; second=9; rate=1e-3; extra=(--distance-bias --exact-places) ;;
    *) minutes=5 ;;
  esac
  "$cli" --json train --task shapes --strategy "$strategy" --pack "$pack" --out "$runs/shapes-$strategy" \
    --steps 20000 --plain-steps 3000 --eval-every 1000 --max-minutes "$minutes" "${extra[@]}" > "$runs/shapes-$strategy.json"
  final="$runs/shapes-$strategy"
  if [ "$second" -gt 0 ]; then
    final="$runs/shapes-$strategy-places"
    "$cli" --json train --task shapes --strategy "$strategy" --pack "$pack" --out "$final" \
      --init "$runs/shapes-$strategy/shapes-$strategy.safetensors" --refine-places --attention-loss 0.2 --lr "$rate" \
      --steps 6000 --eval-every 1000 --max-minutes "$second" "${extra[@]}" > "$final.json"
    sed "s|$runs/shapes-$strategy/||" "$runs/shapes-$strategy/report.json" \
      > "$here/resources/models/shapes/shapes-$strategy.first-stage.report.json"
  fi
  cp "$final/shapes-$strategy.safetensors" "$here/resources/models/shapes/"
  # The report names the weights by their place in the runs folder: keep the file name.
  sed "s|$final/||" "$final/report.json" > "$here/resources/models/shapes/shapes-$strategy.report.json"
done
