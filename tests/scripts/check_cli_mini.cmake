# The built-in model's pipeline end to end on a small emoji pack: make-pack
# (deterministic: two builds give the same bytes), train with a checkpoint and
# resume, eval-retrieval, and embed / retrieve with speech queries. Bad input
# exits 1 with one line naming the problem.
# Usage: cmake -DCLI=path -DWORK=dir -P this
cmake_policy(SET CMP0057 NEW) # if(... IN_LIST ...)
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(pack "${WORK}/pack")

# make-pack: 12 emoji, every field of the manifest, files where it says.
run_ok(json --json make-pack emoji --out ${pack} --limit 12 --jobs 2)
string(JSON count GET "${json}" emoji)
string(JSON clips GET "${json}" audio_files)
if(NOT count EQUAL 12 OR NOT clips EQUAL 108)
  message(FATAL_ERROR "make-pack: ${json}")
endif()
file(STRINGS "${pack}/manifest.jsonl" lines ENCODING UTF-8)
list(LENGTH lines n)
list(GET lines 0 first)
if(NOT n EQUAL 12)
  message(FATAL_ERROR "manifest has ${n} lines")
endif()
foreach(key emoji image text text_zh keywords keywords_zh group subgroup audio audio_voices split)
  string(JSON value ERROR_VARIABLE missing GET "${first}" ${key})
  if(missing)
    message(FATAL_ERROR "manifest line lacks '${key}': ${first}")
  endif()
endforeach()
string(JSON text GET "${first}" text)
string(JSON text_zh GET "${first}" text_zh)
string(JSON image GET "${first}" image)
string(JSON voices LENGTH "${first}" audio_voices)
string(JSON audio0 GET "${first}" audio 0)
if(NOT text STREQUAL "grinning face" OR NOT text_zh STREQUAL "嘿嘿" OR NOT voices EQUAL 9)
  message(FATAL_ERROR "first emoji: ${first}")
endif()
if(NOT EXISTS "${pack}/${image}" OR NOT EXISTS "${pack}/${audio0}")
  message(FATAL_ERROR "missing ${image} or ${audio0} under ${pack}")
endif()
# Deterministic: a second build is byte for byte the same.
run_ok(ignored make-pack emoji --out ${WORK}/pack2 --limit 12 --jobs 1)
foreach(file manifest.jsonl ${image} ${audio0})
  file(SHA256 "${pack}/${file}" a)
  file(SHA256 "${WORK}/pack2/${file}" b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "make-pack is not deterministic: ${file} differs between two builds")
  endif()
endforeach()

# train: outputs, then a resumed run continues from the checkpoint.
run_ok(json --json train --task emoji --pack ${pack} --out ${WORK}/run --steps 40 --batch 12 --checkpoint-every 10)
foreach(file mini.safetensors config.json tokenizer.json checkpoint/state.json)
  if(NOT EXISTS "${WORK}/run/${file}")
    message(FATAL_ERROR "train did not write ${file}")
  endif()
endforeach()
run_ok(json --json train --task emoji --pack ${pack} --out ${WORK}/run --steps 80 --batch 12 --checkpoint-every 10)
string(JSON resumed GET "${json}" resumed_from)
string(JSON steps GET "${json}" steps)
if(NOT resumed EQUAL 40 OR NOT steps EQUAL 80)
  message(FATAL_ERROR "train did not resume: ${json}")
endif()

# explain through the same door as the Attention page: the built-in model
# explains a spoken name over its picture, each speech token with its time.
run_ok(json --json explain --model builtin:mini --image ${pack}/${image} --audio ${pack}/${audio0}
       --out-dir ${WORK}/why)
string(JSON grid GET "${json}" grid)
string(JSON ntokens LENGTH "${json}" tokens)
string(JSON second GET "${json}" tokens 1 start_seconds)
if(NOT grid GREATER 1 OR ntokens LESS 3 OR NOT second EQUAL 0 OR NOT EXISTS ${WORK}/why/relevancy.png)
  message(FATAL_ERROR "explain --audio with builtin:mini: ${json}")
endif()

# eval-retrieval: 80 steps on 12 emoji put the names well above chance (1/12).
run_ok(json --json eval-retrieval --model ${WORK}/run --pack ${pack})
string(JSON r1 GET "${json}" tasks text_en_to_image recall@1)
string(JSON speech GET "${json}" tasks speech_heldout_to_image queries)
string(JSON random GET "${json}" random_baseline recall@1)
if(r1 LESS 0.4 OR NOT speech EQUAL 24)
  message(FATAL_ERROR "eval-retrieval: ${json}")
endif()

# embed and retrieve with speech.
run_ok(json --json embed --model ${WORK}/run --audio ${pack}/${audio0} --text "${text}")
string(JSON audio LENGTH "${json}" audio_embeds)
string(JSON width LENGTH "${json}" audio_embeds 0)
if(NOT audio EQUAL 1 OR NOT width EQUAL 256)
  message(FATAL_ERROR "embed --audio: ${json}")
endif()
run_ok(json --json retrieve --model ${WORK}/run --collection ${pack}/manifest.jsonl --query-audio ${pack}/${audio0}
       --query-text "${text}" --k 3 --cache ${WORK}/cache)
# Texts are ranked first, then images, then audio queries.
string(JSON results LENGTH "${json}" queries 1 results)
string(JSON query GET "${json}" queries 1 query audio)
if(NOT results EQUAL 3 OR NOT query STREQUAL "${pack}/${audio0}")
  message(FATAL_ERROR "retrieve: ${json}")
endif()

# The shipped model knows every emoji of the pack: names and held-out speech find their picture.
string(JSON heldout GET "${first}" audio 7)
string(JSON heldoutVoice GET "${first}" audio_voices 7)
run_ok(json --json retrieve --model builtin:mini --collection ${pack}/manifest.jsonl --query-text "${text}"
       --query-text "${text_zh}" --query-audio ${pack}/${heldout} --k 3 --no-cache)
# Among 12 similar faces: each query's own emoji within its top 3.
foreach(query 0 1 2)
  set(top "")
  foreach(rank 0 1 2)
    string(JSON name GET "${json}" queries ${query} results ${rank} item text)
    list(APPEND top "${name}")
  endforeach()
  if(NOT heldoutVoice STREQUAL "en-gb-x-rp-170" OR NOT "${text}" IN_LIST top)
    message(FATAL_ERROR "builtin:mini retrieve, query ${query} (voice ${heldoutVoice}): ${json}")
  endif()
endforeach()
run_ok(json --json retrieve --model ${WORK}/run --collection ${pack}/manifest.jsonl --target audio
       --query-text "${text}" --k 2 --cache ${WORK}/cache)
string(JSON cached GET "${json}" cached_items)
run_ok(json --json retrieve --model ${WORK}/run --collection ${pack}/manifest.jsonl --target audio
       --query-text "${text}" --k 2 --cache ${WORK}/cache)
string(JSON cachedAgain GET "${json}" cached_items)
if(NOT cached EQUAL 0 OR NOT cachedAgain EQUAL 12)
  message(FATAL_ERROR "retrieve --target audio: the cache reused ${cached}, then ${cachedAgain} of 12")
endif()

# Bad input.
run_fails("--out DIR is required" make-pack emoji)
run_fails("say which pack" make-pack circles --out ${WORK}/x)
run_fails("--task takes emoji, shapes or shapes-speech" train --task circles --pack ${pack} --out ${WORK}/y)
run_fails("manifest.jsonl: cannot open" train --task emoji --pack ${WORK}/nowhere --out ${WORK}/y)
run_fails("manifest.jsonl: cannot open" eval-retrieval --model ${WORK}/run --pack ${WORK}/nowhere)
run_fails("--split takes train, val or test" eval-retrieval --model ${WORK}/run --pack ${pack} --split dev)
file(WRITE "${WORK}/broken/config.json" "{\"width\": 12}")
file(WRITE "${WORK}/broken/mini.safetensors" "not safetensors")
run_fails("config.json: model config lacks" eval-retrieval --model ${WORK}/broken --pack ${pack})
