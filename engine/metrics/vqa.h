#pragma once
// VQA metrics: answer normalisation, exact match, soft accuracy, and an
// accumulator that reports accuracy overall and per question type.
//
//   fscope::metrics::VqaAccumulator acc;
//   acc.add("Two", {"2", "two", "3"}, "how many");   // soft accuracy 2/3
//   acc.add("yes", {"yes"}, "yes/no");               // one reference: exact match
//   auto s = acc.summary();                          // s.accuracy == 5/6
//
// Accuracies are fractions in [0, 1], not percentages. The free functions are
// pure and callable from any thread; a VqaAccumulator is a plain value (use one
// per thread, or guard it). Invalid arguments (no references) throw
// fscope::EngineError.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fscope::metrics {

// Normalises an answer the way the official VQA evaluation script
// (vqaEval.py, processPunctuation + processDigitArticle) does, so numbers are
// comparable with published ones:
//  - newlines and tabs become spaces;
//  - the script's punctuation set ; / [ ] " { } ( ) = + \ _ - > < @ ` , ? !
//    is removed where it touches a space (or everywhere, when the answer holds a
//    digit-comma-digit such as "1,000" -> "1000"), else replaced by a space
//    ("black-and-white" -> "black and white"); like the script, other characters
//    (apostrophes, colons, ...) are kept;
//  - a period is removed unless a digit follows it ("2.5" stays, "dog." -> "dog");
//  - ASCII lowercase, then per word: "none", "zero" .. "ten" -> digits, the
//    articles a/an/the dropped, common contractions mended ("dont" -> "don't");
//  - words joined by single spaces (no leading or trailing whitespace).
std::string normalizeAnswer(std::string_view answer);

// True when both answers are equal after normalizeAnswer.
bool exactMatch(std::string_view predicted, std::string_view reference);

// min(#references equal to the prediction after normalisation / 3, 1): three
// annotators agreeing with the prediction make it fully correct. This is the
// closed form from the VQA paper; the official script further averages it over
// the ten leave-one-annotator-out subsets, which this does not.
double softAccuracy(std::string_view predicted, const std::vector<std::string>& references);

struct VqaSummary {
    double accuracy = 0;  // mean over every answer added; 0 when none
    size_t count = 0;
    std::map<std::string, double> accuracyByType;
    std::map<std::string, size_t> countByType;
};

class VqaAccumulator {
public:
    // Scores one answer: exact match against a single reference, soft accuracy
    // against several. An empty questionType counts towards the overall
    // accuracy only.
    void add(std::string_view predicted, const std::vector<std::string>& references,
             const std::string& questionType);
    VqaSummary summary() const;

private:
    struct Tally {
        double sum = 0;
        size_t count = 0;
    };
    Tally m_total;
    std::map<std::string, Tally> m_byType;
};

} // namespace fscope::metrics
