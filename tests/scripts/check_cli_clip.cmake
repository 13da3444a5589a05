# fusionscope-cli with an imported CLIP (the clip-tiny fixture): embed prints the
# pinned JSON with the reference token ids; retrieve, classify, vqa and explain
# produce their outputs; bad input exits 1 with one line naming the problem.
# Usage: cmake -DCLI=path -DFIXTURES=dir -DWORK=dir -P this
set(clip "${FIXTURES}/clip-tiny")
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

# embed: the pinned keys, token ids without padding, the stored log scale.
run_ok(json --json embed --model ${clip}/hf --image ${clip}/inputs/photo.jpg --text "a photo of a cat" --text "a diagram")
string(JSON images LENGTH "${json}" image_embeds)
string(JSON width LENGTH "${json}" image_embeds 0)
string(JSON texts LENGTH "${json}" text_embeds)
string(JSON audio LENGTH "${json}" audio_embeds)
string(JSON ids GET "${json}" input_ids 0)
string(JSON scale GET "${json}" logit_scale)
string(REGEX REPLACE "[ \n]" "" ids "${ids}")
if(NOT images EQUAL 1 OR NOT width EQUAL 32 OR NOT texts EQUAL 2 OR NOT audio EQUAL 0)
  message(FATAL_ERROR "embed shapes: ${images} x ${width} images, ${texts} texts, ${audio} audio")
endif()
if(NOT ids STREQUAL "[49406,320,1125,539,320,2368,49407]")
  message(FATAL_ERROR "embed input_ids[0] = ${ids}")
endif()
if(scale LESS 4.60 OR scale GREATER 4.61)
  message(FATAL_ERROR "embed logit_scale = ${scale}, expected log(100)")
endif()

# retrieve: every image of the folder ranked, best first.
run_ok(json --json retrieve --model ${clip}/hf --collection ${clip}/inputs --query-text "a logo" --query-image ${clip}/inputs/logo.png --k 3 --no-cache)
string(JSON queries LENGTH "${json}" queries)
string(JSON results LENGTH "${json}" queries 1 results)
string(JSON top GET "${json}" queries 1 results 0 item image)
string(JSON rank GET "${json}" queries 1 results 0 rank)
string(JSON s1 GET "${json}" queries 0 results 0 score)
string(JSON s2 GET "${json}" queries 0 results 1 score)
if(NOT queries EQUAL 2 OR NOT results EQUAL 3 OR NOT rank EQUAL 1 OR s1 LESS s2)
  message(FATAL_ERROR "retrieve: ${json}")
endif()
# An image finds itself first.
if(NOT top STREQUAL "logo.png")
  message(FATAL_ERROR "retrieve: the logo query ranked ${top} first")
endif()

# classify: probabilities over the labels sum to 1.
run_ok(json --json classify --model ${clip}/hf --image ${clip}/inputs/photo.jpg --label cat --label dog --template "a photo of a {}." --template "a drawing of a {}.")
string(JSON p1 GET "${json}" images 0 labels 0 probability)
string(JSON p2 GET "${json}" images 0 labels 1 probability)
if(p1 LESS p2)
  message(FATAL_ERROR "classify: labels not sorted: ${json}")
endif()

# vqa: one answer line per question, written whole.
file(WRITE "${WORK}/q.jsonl" "{\"image\": \"${clip}/inputs/photo.jpg\", \"question\": \"what is it?\"}\n\n{\"image\": \"${clip}/inputs/logo.png\", \"question\": \"what colour?\", \"answers\": [\"red\", \"blue\", \"green\"]}\n")
run_ok(out vqa --model ${clip}/hf --input ${WORK}/q.jsonl --output ${WORK}/a.jsonl --answer cat --answer dog)
file(STRINGS "${WORK}/a.jsonl" answers)
list(LENGTH answers count)
list(GET answers 1 second)
string(JSON answer GET "${second}" answer)
string(JSON blue GET "${second}" scores blue)
if(NOT count EQUAL 2 OR NOT answer MATCHES "^(red|blue|green)$")
  message(FATAL_ERROR "vqa wrote: ${answers}")
endif()

# explain: overlays and the JSON with per-token relevancy.
run_ok(out explain --model ${clip}/hf --image ${clip}/inputs/CLIP.png --text "a diagram" --out-dir ${WORK}/why)
foreach(f relevancy.png rollout.png attention_layer1.png explanation.json)
  if(NOT EXISTS "${WORK}/why/${f}")
    message(FATAL_ERROR "explain did not write ${f}")
  endif()
endforeach()
file(READ "${WORK}/why/explanation.json" why)
string(JSON ntokens LENGTH "${why}" tokens)
string(JSON grid GET "${why}" grid)
if(NOT ntokens EQUAL 4 OR NOT grid EQUAL 4)
  message(FATAL_ERROR "explanation.json: ${ntokens} tokens, grid ${grid}")
endif()

# Bad input: one line, non-zero exit, the culprit named; nothing half-written.
run_fails("nowhere: no such file or folder" embed --model ${WORK}/nowhere --text x)
run_fails("needs --model" embed --text x)
run_fails("builtin:shapes-early answers questions about pictures; it does not embed" embed --model builtin:shapes-early --text x)
run_fails("no audio encoder" embed --model ${clip}/hf --audio ${clip}/inputs/photo.jpg)
run_fails("openai-jit.pt: no tokenizer found" embed --model ${clip}/openai-jit.pt --text x)
run_fails("missing.png" embed --model ${clip}/hf --image ${WORK}/missing.png)
run_fails("unknown option --imgae for embed" embed --model ${clip}/hf --imgae x)
file(WRITE "${WORK}/bad.jsonl" "{\"image\": \"gone.png\", \"text\": \"x\"}\n")
run_fails("bad.jsonl: line 1: 'gone.png' does not exist" retrieve --model ${clip}/hf --collection ${WORK}/bad.jsonl --query-text x)
file(WRITE "${WORK}/q2.jsonl" "{\"image\": \"${clip}/inputs/photo.jpg\", \"question\": \"what?\"}\nnot json\n")
run_fails("q2.jsonl: line 2" vqa --model ${clip}/hf --input ${WORK}/q2.jsonl --output ${WORK}/a2.jsonl --answer a --answer b)
if(EXISTS "${WORK}/a2.jsonl")
  message(FATAL_ERROR "vqa left a partial output after failing")
endif()
run_fails("explains text queries against images" explain --model ${clip}/hf --image ${clip}/inputs/photo.jpg
          --audio ${clip}/inputs/photo.jpg --out-dir ${WORK}/why-audio)
run_fails("at least two" classify --model ${clip}/hf --image ${clip}/inputs/photo.jpg --label cat)

# retrieve caches the collection's embeddings: the second run reuses all three.
run_ok(json --json retrieve --model ${clip}/hf --collection ${clip}/inputs --query-text "a logo" --cache ${WORK}/cache)
string(JSON first GET "${json}" cached_items)
run_ok(json --json retrieve --model ${clip}/hf --collection ${clip}/inputs --query-text "a logo" --cache ${WORK}/cache)
string(JSON second GET "${json}" cached_items)
if(NOT first EQUAL 0 OR NOT second EQUAL 3)
  message(FATAL_ERROR "retrieve cache: ${first} then ${second} items reused, expected 0 then 3")
endif()
