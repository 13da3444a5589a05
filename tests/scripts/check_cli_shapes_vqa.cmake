# The shapes VQA commands end to end: train (a few steps, then resumed),
# eval-vqa and vqa with the shipped models on scenes they never saw, drawn the
# pack's way and drawn differently (antialiased, moved by under half a pixel);
# spoken questions in the held-out voices, and training the speech reader.
# Bad input exits 1 with one line.
# Usage: cmake -DCLI=path -DWORK=dir -DMODELS=resources/models/shapes -P this
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# Unseen scenes: a seed the shipped pack did not use.
run_ok(ignored make-pack shapes --out ${WORK}/plain --train 4 --test 25 --seed 4242 --no-audio)
run_ok(ignored make-pack shapes --out ${WORK}/smooth --train 4 --test 25 --seed 4242 --no-audio --smooth)

run_ok(json --json train --task shapes --strategy xattn --pack ${WORK}/plain --out ${WORK}/run --steps 4 --batch 2
       --eval-every 2 --checkpoint-every 2 --no-resume)
string(JSON steps GET "${json}" steps)
string(JSON points LENGTH "${json}" curve)
if(NOT steps EQUAL 4 OR NOT points EQUAL 2 OR NOT EXISTS ${WORK}/run/shapes-xattn.safetensors)
  message(FATAL_ERROR "train --task shapes: ${json}")
endif()
run_ok(json --json train --task shapes --strategy xattn --pack ${WORK}/plain --out ${WORK}/run --steps 6 --batch 2
       --eval-every 2 --checkpoint-every 2)
string(JSON resumed GET "${json}" resumed_from)
string(JSON points LENGTH "${json}" curve)
if(NOT resumed EQUAL 4 OR NOT points EQUAL 3)
  message(FATAL_ERROR "train --task shapes did not resume from step 4: ${json}")
endif()
run_fails("the checkpoint's model differs" train --task shapes --strategy late --pack ${WORK}/plain --out ${WORK}/run
          --steps 8)
run_fails("--strategy takes early, late, xattn or gated" train --task shapes --strategy unified --pack ${WORK}/plain
          --out ${WORK}/other)

# The shipped models on 500 unseen questions each. Thresholds sit well below
# the measured figures (the model cards), so only a broken model fails them.
foreach(entry "xattn;0.9" "gated;0.85" "late;0.55" "early;0.6")
  list(GET entry 0 strategy)
  list(GET entry 1 floor)
  if(NOT EXISTS ${MODELS}/shapes-${strategy}.safetensors)
    message(FATAL_ERROR "${MODELS}/shapes-${strategy}.safetensors is missing")
  endif()
  foreach(pack plain smooth)
    run_ok(json --json eval-vqa --model builtin:shapes-${strategy} --pack ${WORK}/${pack})
    string(JSON accuracy GET "${json}" accuracy)
    string(JSON questions GET "${json}" questions)
    string(JSON rouge GET "${json}" rouge_l)
    if(NOT questions EQUAL 500 OR accuracy LESS floor OR NOT rouge EQUAL accuracy)
      message(FATAL_ERROR "eval-vqa builtin:shapes-${strategy} on the ${pack} scenes: ${json}")
    endif()
  endforeach()
endforeach()

# vqa: one answer line per question, with the ten answers' probabilities.
file(STRINGS ${WORK}/smooth/test.jsonl lines LIMIT_COUNT 3)
string(REPLACE ";" "\n" questions "${lines}")
file(WRITE ${WORK}/smooth/q.jsonl "${questions}\n")
run_ok(ignored vqa --model builtin:shapes-xattn --input ${WORK}/smooth/q.jsonl --output ${WORK}/a.jsonl)
file(STRINGS ${WORK}/a.jsonl answers)
list(LENGTH answers n)
list(GET answers 0 first)
string(JSON yes GET "${first}" scores yes)
if(NOT n EQUAL 3 OR yes LESS 0)
  message(FATAL_ERROR "vqa wrote ${n} lines: ${answers}")
endif()
run_ok(json --json eval-vqa --model builtin:shapes-xattn --input ${WORK}/smooth/q.jsonl)
string(JSON questions GET "${json}" questions)
if(NOT questions EQUAL 3)
  message(FATAL_ERROR "eval-vqa --input: ${json}")
endif()

file(WRITE ${WORK}/bad.jsonl "{\"image\": \"missing.png\", \"question\": \"Is the red object on the left?\"}\n")
run_fails("missing.png" vqa --model builtin:shapes-xattn --input ${WORK}/bad.jsonl --output ${WORK}/b.jsonl)
run_fails("needs the right answer" eval-vqa --model builtin:shapes-xattn --input ${WORK}/bad.jsonl)
run_fails("either --pack DIR" eval-vqa --model builtin:shapes-xattn)

# Spoken questions: a small pack with the main voices' speech. The shipped
# speech reader hears the held-out voices, and the cross-attention model answers
# them; the floor sits well below the model card's figure.
run_ok(ignored make-pack shapes --out ${WORK}/spoken --train 2 --test 10 --seed 4242 --main-voices --jobs 2)
run_ok(json --json eval-vqa --model builtin:shapes-xattn --pack ${WORK}/spoken --spoken)
string(JSON accuracy GET "${json}" accuracy)
string(JSON voices LENGTH "${json}" voices)
string(JSON heard GET "${json}" voices en-gb-x-rp-170 questions_heard_right)
string(JSON questions GET "${json}" voices en-gb-x-rp-170 questions)
if(NOT voices EQUAL 2 OR NOT questions EQUAL 200 OR accuracy LESS 0.7 OR heard LESS 0.6)
  message(FATAL_ERROR "eval-vqa --spoken: ${json}")
endif()
# Heard once instead of nine ways: its own figures, named in the report.
run_ok(json --json eval-vqa --model builtin:shapes-xattn --pack ${WORK}/spoken --spoken --listen-once
       --voice en-gb-x-rp-170)
string(JSON listening GET "${json}" listening)
string(JSON onceVoices LENGTH "${json}" voices)
if(NOT listening STREQUAL "once" OR NOT onceVoices EQUAL 1)
  message(FATAL_ERROR "eval-vqa --spoken --listen-once: ${json}")
endif()
# vqa: a spoken line gets the words heard with its answer.
file(STRINGS ${WORK}/spoken/test.jsonl lines LIMIT_COUNT 1)
string(JSON image GET "${lines}" image)
file(WRITE ${WORK}/spoken/spoken.jsonl
     "{\"image\": \"${image}\", \"audio\": \"audio/en-gb-x-rp-170/shape-red.ogg\"}\n")
run_ok(ignored vqa --model builtin:shapes-gated --input ${WORK}/spoken/spoken.jsonl --output ${WORK}/spoken-a.jsonl)
file(STRINGS ${WORK}/spoken-a.jsonl answers)
string(JSON heardText GET "${answers}" heard)
string(JSON answer GET "${answers}" answer)
if(NOT heardText MATCHES "^what is the shape of the [a-z]+ object$" OR NOT answer MATCHES "^(circle|square)$")
  message(FATAL_ERROR "vqa of a spoken question: ${answers}")
endif()
run_fails("not supported by this model" vqa --model ${MODELS}/../mini
          --input ${WORK}/spoken/spoken.jsonl --output ${WORK}/none.jsonl --answer a --answer b)
# train --task shapes-speech: a couple of steps on the small pack, then the reader answers.
run_ok(json --json train --task shapes-speech --pack ${WORK}/spoken --out ${WORK}/speech --steps 2 --batch 4
       --eval-every 2)
string(JSON steps GET "${json}" steps)
string(JSON rp GET "${json}" held_out en-gb-x-rp-170 questions)
if(NOT steps EQUAL 2 OR NOT rp EQUAL 36 OR NOT EXISTS ${WORK}/speech/shapes-speech.safetensors)
  message(FATAL_ERROR "train --task shapes-speech: ${json}")
endif()
run_ok(json --json eval-vqa --model builtin:shapes-early --pack ${WORK}/spoken --spoken --voice en-us-175
       --speech-reader ${WORK}/speech/shapes-speech.safetensors --limit 2)
string(JSON questions GET "${json}" voices en-us-175 questions)
if(NOT questions EQUAL 40)
  message(FATAL_ERROR "eval-vqa --spoken with a new reader: ${json}")
endif()
run_fails("shapes-speech.safetensors" eval-vqa --model builtin:shapes-xattn --pack ${WORK}/spoken --spoken
          --speech-reader ${WORK}/nowhere/shapes-speech.safetensors)
run_fails("--spoken needs --pack" eval-vqa --model builtin:shapes-xattn --input ${WORK}/spoken/spoken.jsonl --spoken)
