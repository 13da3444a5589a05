#!/usr/bin/env bash
# Feeds the bad-input corpus (tests/corpus, made by make_corpus.py) to
# fusionscope-cli: each bad file must fail with exit status 1 and exactly one line
# on stderr that names the file (and the tensor, for checkpoints), within a time
# limit. Files that are only partly bad must load what is good and warn.
#
#   check_bad_input.sh CLI CORPUS_DIR FIXTURES_DIR WORK_DIR
set -uo pipefail
cli="$1"; corpus="$2"; fixtures="$3"; work="$4"
failures=0
rm -rf "$work" && mkdir -p "$work"
cd "$corpus"

# expect_error REGEX ARGS...: exit 1, one stderr line matching REGEX, done in 60 s.
expect_error() {
  local regex="$1"; shift
  local err rc lines
  err=$(timeout 60 "$cli" "$@" 2>&1 >/dev/null); rc=$?
  lines=$(printf '%s\n' "$err" | wc -l)
  if [ "$rc" -ne 1 ] || [ "$lines" -ne 1 ] || ! printf '%s' "$err" | grep -Eq -- "$regex"; then
    echo "FAIL: fusionscope-cli $*: expected exit 1 and one line matching '$regex'; got exit $rc:"
    printf '%s\n' "$err" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok   $*: $err"
  fi
}

# expect_warning REGEX ARGS...: exit 0, stderr warns with REGEX.
expect_warning() {
  local regex="$1"; shift
  local err rc
  err=$(timeout 120 "$cli" "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne 0 ] || ! printf '%s' "$err" | grep -Eq -- "$regex"; then
    echo "FAIL: fusionscope-cli $*: expected success with a warning matching '$regex'; got exit $rc:"
    printf '%s\n' "$err" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok   $*: warned"
  fi
}

mini=(embed --model builtin:mini)
for f in images/empty.png images/truncated.png images/garbage.jpg images/text-named-png.png images/zero-width.png; do
  expect_error "$f: " "${mini[@]}" --image "$f"
done
for f in images/huge-dimensions.png images/lying-header.bmp; do
  expect_error "$f: .*pixels exceeds the limit" "${mini[@]}" --image "$f"
done
for f in audio/empty.wav audio/header-only.wav audio/garbage.ogg audio/garbage.flac audio/zero-channels.wav \
         audio/absurd-rate.wav audio/text-named-wav.wav; do
  expect_error "$f: " "${mini[@]}" --audio "$f"
done

search=(retrieve --model builtin:mini --no-cache --target text --query-text hello --collection)
expect_error "text: nothing could be loaded; .*latin1.txt: not UTF-8" "${search[@]}" text
for f in manifest-broken-line.jsonl manifest-latin1.jsonl manifest-not-objects.jsonl manifest-empty.jsonl \
         manifest-ragged.csv manifest-unterminated-quote.csv manifest-header-only.csv coco-no-annotations.json \
         coco-unknown-image.json coco-truncated.json; do
  expect_error "$f: " "${search[@]}" "$f"
done
expect_error "manifest-all-missing.jsonl: line 1: 'gone.png' does not exist" "${search[@]}" manifest-all-missing.jsonl
expect_warning "manifest-missing-files.jsonl: line 2: 'images/no-such-file.png' does not exist" \
  "${search[@]}" manifest-missing-files.jsonl

# TorchScript archives.
for f in checkpoints/garbage.pt checkpoints/empty.pt checkpoints/zip-without-model.pt; do
  expect_error "$f: " embed --model "$f" --text hello
done

# Hugging Face folders made from the reference CLIP with one file replaced.
hf="$fixtures/clip-tiny/hf"
if [ -d "$hf" ]; then
  head -c 1000000 "$fixtures/clip-tiny/openai-jit.pt" >"$work/truncated.pt"
  expect_error "truncated.pt: " embed --model "$work/truncated.pt" --text hello
  folder() { # folder NAME FILE REPLACEMENT: a copy of the reference folder with FILE replaced
    local dir="$work/$1"
    mkdir -p "$dir"
    for part in config.json model.safetensors vocab.json merges.txt preprocessor_config.json; do
      ln -sf "$hf/$part" "$dir/$part"
    done
    rm -f "$dir/$2" && cp "$3" "$dir/$2"
    echo "$dir"
  }
  for f in checkpoints/*.safetensors; do
    name=$(basename "$f" .safetensors)
    expect_error "model.safetensors: " embed --model "$(folder "$name" model.safetensors "$f")" --text hello
  done
  # Shapes that disagree with the config: the tensor is named with both shapes.
  # The header says [64, 64] where the model needs [32, 128]: same bytes, wrong shape
  # (a space keeps the header length).
  weights="$hf/model.safetensors"
  header=$(od -An -tu8 -N8 "$weights" | tr -d ' ')
  { head -c 8 "$weights"
    head -c $((8 + header)) "$weights" | tail -c "$header" |
      sed 's/"text_projection.weight":{"dtype":"F32","shape":\[32,128\]/"text_projection.weight":{"dtype":"F32","shape":[64,64] /'
    tail -c +$((9 + header)) "$weights"; } >"$work/wrong-shapes.safetensors"
  expect_error "'text_projection.weight' has shape \\[64, 64\\], expected \\[32, 128\\]" \
    embed --model "$(folder wrong-shapes model.safetensors "$work/wrong-shapes.safetensors")" --text hello
  for f in tokenizers/vocab-*.json; do
    name=$(basename "$f" .json)
    expect_error "vocab.json: " embed --model "$(folder "$name" vocab.json "$f")" --text hello
  done
  for f in tokenizers/merges-*.txt; do
    name=$(basename "$f" .txt)
    expect_error "merges.txt: " embed --model "$(folder "$name" merges.txt "$f")" --text hello
  done
else
  echo "note: no reference CLIP at $fixtures/clip-tiny; checkpoint folders not checked"
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures bad-input checks failed"
  exit 1
fi
echo "every bad input gave one clear line"
