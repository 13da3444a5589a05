// Metrics against values worked out by hand and the papers' own examples.

#include "check.h"

#include "metrics/retrieval.h"
#include "metrics/text_overlap.h"
#include "metrics/vqa.h"
#include "util/result.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace fscope::metrics;

namespace {

using Tokens = std::vector<std::string>;

Tokens tok(const char* text)
{
    return tokenizeForOverlap(text);
}

// Papineni et al. 2002, section 2.1, Example 1.
const char* kCandidate1 =
    "It is a guide to action which ensures that the military always obeys the commands of the party.";
const char* kCandidate2 =
    "It is to insure the troops forever hearing the activity guidebook that party direct.";

std::vector<Tokens> papineniReferences()
{
    return {tok("It is a guide to action that ensures that the military will forever heed Party commands."),
            tok("It is the guiding principle which guarantees the military forces always being under "
                "the command of the Party."),
            tok("It is the practical guide for the army always to heed the directions of the party.")};
}

} // namespace

// ---------------------------------------------------------------- retrieval

FS_TEST(retrieval, hand_worked_3x4)
{
    // q0: [0.9 0.1 0.5 0.3], truth 0 -> nothing above 0.9            -> rank 1
    // q1: [0.2 0.4 0.8 0.6], truth 1 -> 0.8 and 0.6 above 0.4        -> rank 3
    // q2: [0.7 0.3 0.2 0.1], truth 3 -> all three others above 0.1   -> rank 4
    // R@1 = 1/3, R@3 = 2/3, R@5 = 3/3; median of {1,3,4} = 3; mean = 8/3.
    const std::vector<float> scores = {0.9f, 0.1f, 0.5f, 0.3f,
                                       0.2f, 0.4f, 0.8f, 0.6f,
                                       0.7f, 0.3f, 0.2f, 0.1f};
    const auto s = rankingStats(scores, 3, 4, {{0}, {1}, {3}}, {1, 3, 5});
    FS_CHECK_EQ(s.queries, size_t{3});
    FS_REQUIRE(s.ranks.size() == 3);
    FS_CHECK_EQ(s.ranks[0], size_t{1});
    FS_CHECK_EQ(s.ranks[1], size_t{3});
    FS_CHECK_EQ(s.ranks[2], size_t{4});
    FS_REQUIRE(s.recallAtK.size() == 3);
    FS_CHECK_NEAR(s.recallAtK.at(1), 1.0 / 3.0, 1e-12);
    FS_CHECK_NEAR(s.recallAtK.at(3), 2.0 / 3.0, 1e-12);
    FS_CHECK_NEAR(s.recallAtK.at(5), 1.0, 1e-12);
    FS_CHECK_NEAR(s.medianRank, 3.0, 1e-12);
    FS_CHECK_NEAR(s.meanRank, 8.0 / 3.0, 1e-12);
}

FS_TEST(retrieval, several_ground_truths_take_the_best)
{
    // q0: [0.9 0.8 0.1 0.7], truths {2, 3}: the better one is item 3 (0.7),
    //     beaten by items 0 and 1 -> rank 3.
    // q1: [0.1 0.2 0.3 0.4], truths {3, 0}: item 3 is the top score -> rank 1.
    // Two queries: the median is the mean of the middle pair, (1 + 3) / 2 = 2.
    const std::vector<float> scores = {0.9f, 0.8f, 0.1f, 0.7f,
                                       0.1f, 0.2f, 0.3f, 0.4f};
    const auto s = rankingStats(scores, 2, 4, {{2, 3}, {3, 0}});
    FS_REQUIRE(s.ranks.size() == 2);
    FS_CHECK_EQ(s.ranks[0], size_t{3});
    FS_CHECK_EQ(s.ranks[1], size_t{1});
    FS_CHECK_NEAR(s.medianRank, 2.0, 1e-12);
    FS_CHECK_NEAR(s.meanRank, 2.0, 1e-12);
    // Default cut-offs 1, 5, 10.
    FS_CHECK_NEAR(s.recallAtK.at(1), 0.5, 1e-12);
    FS_CHECK_NEAR(s.recallAtK.at(5), 1.0, 1e-12);
    FS_CHECK_NEAR(s.recallAtK.at(10), 1.0, 1e-12);
}

FS_TEST(retrieval, constant_scores_rank_pessimistically)
{
    // Every item ties: each truth ranks behind the 2 other items -> rank 3 of 3.
    const std::vector<float> flat(2 * 3, 0.5f);
    const auto s = rankingStats(flat, 2, 3, {{0}, {2}}, {1, 2, 3});
    FS_CHECK_EQ(s.ranks[0], size_t{3});
    FS_CHECK_EQ(s.ranks[1], size_t{3});
    FS_CHECK_NEAR(s.recallAtK.at(1), 0.0, 1e-12);
    FS_CHECK_NEAR(s.recallAtK.at(2), 0.0, 1e-12);
    FS_CHECK_NEAR(s.recallAtK.at(3), 1.0, 1e-12);

    // Ties with other ground truths do not count against a query: truths {0, 1}
    // of 3 tied items rank behind the one non-relevant item only -> rank 2.
    const auto sharedTie = rankingStats(std::vector<float>(3, 1.0f), 1, 3, {{0, 1}});
    FS_CHECK_EQ(sharedTie.ranks[0], size_t{2});

    // [0.5 0.9 0.5 0.5], truth 2: 1 + one higher (item 1) + two tied (items 0, 3) = 4.
    const auto mixed = rankingStats({0.5f, 0.9f, 0.5f, 0.5f}, 1, 4, {{2}});
    FS_CHECK_EQ(mixed.ranks[0], size_t{4});
}

FS_TEST(retrieval, topk_orders_best_first_ties_by_index)
{
    const std::vector<float> scores = {0.1f, 0.9f, 0.5f, 0.9f, 0.3f};
    FS_CHECK(topK(scores.data(), scores.size(), 3) == (std::vector<size_t>{1, 3, 2}));
    FS_CHECK(topK(scores.data(), scores.size(), 10) == (std::vector<size_t>{1, 3, 2, 4, 0}));
    FS_CHECK(topK(scores.data(), scores.size(), 0).empty());
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<float> extremes = {-inf, 0.0f, inf};
    FS_CHECK(topK(extremes.data(), extremes.size(), 2) == (std::vector<size_t>{2, 1}));
    FS_CHECK(topK(nullptr, 0, 5).empty());
}

FS_TEST(retrieval, bad_arguments_throw)
{
    const std::vector<float> scores(6, 0.0f);  // 2 x 3
    FS_CHECK_THROWS(rankingStats(scores, 2, 4, {{0}, {1}}));          // size mismatch
    FS_CHECK_THROWS(rankingStats(scores, 2, 3, {{0}}));               // truth for 1 of 2 queries
    FS_CHECK_THROWS(rankingStats(scores, 2, 3, {{0}, {3}}));          // index out of range
    FS_CHECK_THROWS(rankingStats(scores, 2, 3, {{0}, {}}));           // query without truth
    FS_CHECK_THROWS(rankingStats(scores, 2, 3, {{0}, {1}}, {0, 5}));  // K < 1
    FS_CHECK_THROWS(rankingStats({}, 0, 3, {}));                      // no queries
    FS_CHECK_THROWS(rankingStats({}, 2, 0, {{0}, {0}}));              // no items
    std::vector<float> withNaN = scores;
    withNaN[4] = std::numeric_limits<float>::quiet_NaN();
    FS_CHECK_THROWS(rankingStats(withNaN, 2, 3, {{0}, {1}}));
    FS_CHECK_THROWS(topK(withNaN.data(), withNaN.size(), 2));
    FS_CHECK_THROWS(topK(nullptr, 3, 1));

    try {
        rankingStats(scores, 2, 3, {{0}, {7}});
        FS_CHECK(false);
    } catch (const fscope::EngineError& e) {
        FS_CHECK_CONTAINS(e.what(), "item 7");
    }
}

// ---------------------------------------------------------------- VQA

FS_TEST(vqa, normalisation_examples)
{
    FS_CHECK_EQ(normalizeAnswer("Two"), std::string("2"));
    FS_CHECK_EQ(normalizeAnswer("None"), std::string("0"));
    FS_CHECK_EQ(normalizeAnswer("ten"), std::string("10"));
    FS_CHECK_EQ(normalizeAnswer("the dog."), std::string("dog"));
    FS_CHECK_EQ(normalizeAnswer("An Apple"), std::string("apple"));
    FS_CHECK_EQ(normalizeAnswer("dont know"), std::string("don't know"));
    FS_CHECK_EQ(normalizeAnswer("isnt it"), std::string("isn't it"));
    FS_CHECK_EQ(normalizeAnswer("Yes!"), std::string("yes"));
    FS_CHECK_EQ(normalizeAnswer("  A   Red\tCar \n"), std::string("red car"));
    FS_CHECK_EQ(normalizeAnswer(""), std::string(""));
}

FS_TEST(vqa, normalisation_numbers_and_punctuation)
{
    // A digit-comma-digit makes the script delete every listed mark.
    FS_CHECK_EQ(normalizeAnswer("1,000"), std::string("1000"));
    FS_CHECK_EQ(normalizeAnswer("1,000 (about)"), std::string("1000 about"));
    // A period stays only when a digit follows it.
    FS_CHECK_EQ(normalizeAnswer("2.5"), std::string("2.5"));
    FS_CHECK_EQ(normalizeAnswer("2."), std::string("2"));
    FS_CHECK_EQ(normalizeAnswer("u.s.a."), std::string("usa"));
    // A mark touching a space is deleted; one inside a word becomes a space.
    FS_CHECK_EQ(normalizeAnswer("black-and-white"), std::string("black and white"));
    FS_CHECK_EQ(normalizeAnswer("cat/dog"), std::string("cat dog"));
    FS_CHECK_EQ(normalizeAnswer("yes, no"), std::string("yes no"));
    FS_CHECK_EQ(normalizeAnswer("left - right"), std::string("left right"));
    // Marks outside the script's list are kept, as it keeps them.
    FS_CHECK_EQ(normalizeAnswer("10:30"), std::string("10:30"));
    FS_CHECK_EQ(normalizeAnswer("don't"), std::string("don't"));
}

FS_TEST(vqa, exact_match_after_normalisation)
{
    FS_CHECK(exactMatch("The Dog.", "dog"));
    FS_CHECK(exactMatch("two", "2"));
    FS_CHECK(exactMatch("dont know", "don't know"));
    FS_CHECK(!exactMatch("dog", "dogs"));
    FS_CHECK(!exactMatch("2", "3"));
}

FS_TEST(vqa, soft_accuracy_thirds)
{
    // Predicted "two" normalises to "2"; count the references that do too.
    FS_CHECK_NEAR(softAccuracy("two", {"3", "three", "4", "five"}), 0.0, 1e-12);
    FS_CHECK_NEAR(softAccuracy("two", {"2", "three", "4", "five"}), 1.0 / 3.0, 1e-12);
    FS_CHECK_NEAR(softAccuracy("two", {"2", "Two", "4", "five"}), 2.0 / 3.0, 1e-12);
    FS_CHECK_NEAR(softAccuracy("two", {"2", "Two", "two.", "five"}), 1.0, 1e-12);
    FS_CHECK_NEAR(softAccuracy("two", {"2", "Two", "two.", " 2 "}), 1.0, 1e-12);
    FS_CHECK_THROWS(softAccuracy("two", {}));
}

FS_TEST(vqa, accumulator_per_type)
{
    VqaAccumulator acc;
    FS_CHECK_EQ(acc.summary().count, size_t{0});
    FS_CHECK_NEAR(acc.summary().accuracy, 0.0, 1e-12);

    acc.add("Two", {"2", "two", "3"}, "how many");            // soft: 2/3
    acc.add("yes", {"Yes."}, "yes/no");                       // exact: 1
    acc.add("no", {"yes"}, "yes/no");                         // exact: 0
    acc.add("red", {"red", "Red", "red.", "blue"}, "what color");  // soft: 1
    acc.add("a cat", {"cat"}, "");                            // exact: 1, no type
    // Overall: (2/3 + 1 + 0 + 1 + 1) / 5 = (11/3) / 5 = 11/15.
    const auto s = acc.summary();
    FS_CHECK_EQ(s.count, size_t{5});
    FS_CHECK_NEAR(s.accuracy, 11.0 / 15.0, 1e-12);
    FS_REQUIRE(s.accuracyByType.size() == 3);
    FS_CHECK_NEAR(s.accuracyByType.at("how many"), 2.0 / 3.0, 1e-12);
    FS_CHECK_NEAR(s.accuracyByType.at("yes/no"), 0.5, 1e-12);
    FS_CHECK_NEAR(s.accuracyByType.at("what color"), 1.0, 1e-12);
    FS_CHECK_EQ(s.countByType.at("yes/no"), size_t{2});
    FS_CHECK_EQ(s.countByType.at("how many"), size_t{1});
    FS_CHECK(s.countByType.count("") == 0);
    FS_CHECK_THROWS(acc.add("x", {}, "t"));
    FS_CHECK_EQ(acc.summary().count, size_t{5});
}

// ---------------------------------------------------------------- BLEU

FS_TEST(bleu, tokenizer_strips_punctuation_and_lowercases)
{
    FS_CHECK(tok("The cat, isn't ON the mat.") == (Tokens{"the", "cat", "isnt", "on", "the", "mat"}));
    FS_CHECK(tok("  well-known\t\nCAFÉ ") == (Tokens{"wellknown", "caf\xc3\x89"}));
    FS_CHECK(tok(" ... ").empty());
}

FS_TEST(bleu, papineni_candidate1_modified_precisions)
{
    // The paper: candidate 1 scores 17/18 on unigrams ("obeys" is in no
    // reference) and 10/17 on bigrams. The bigrams found in some reference:
    // it is, is a, a guide, guide to, to action, ensures that, that the,
    // the military, of the, the party = 10 of 17 (misses: action which,
    // which ensures, military always, always obeys, obeys the, the commands,
    // commands of).
    const auto refs = papineniReferences();
    const auto c1 = tok(kCandidate1);
    FS_REQUIRE(c1.size() == 18);
    const auto uni = modifiedPrecisionCounts(c1, refs, 1);
    FS_CHECK_EQ(uni.first, size_t{17});
    FS_CHECK_EQ(uni.second, size_t{18});
    const auto bi = modifiedPrecisionCounts(c1, refs, 2);
    FS_CHECK_EQ(bi.first, size_t{10});
    FS_CHECK_EQ(bi.second, size_t{17});
    // The paper's candidate 2: 8/14 unigrams, 1/13 bigrams.
    const auto c2 = tok(kCandidate2);
    FS_CHECK(modifiedPrecisionCounts(c2, refs, 1) == (std::pair<size_t, size_t>{8, 14}));
    FS_CHECK(modifiedPrecisionCounts(c2, refs, 2) == (std::pair<size_t, size_t>{1, 13}));
}

FS_TEST(bleu, papineni_clipping_example)
{
    // "the" occurs at most twice in one reference, so 7 candidate "the"s clip to 2/7.
    const auto counts = modifiedPrecisionCounts(
        tok("the the the the the the the"), {tok("The cat is on the mat."), tok("There is a cat on the mat.")}, 1);
    FS_CHECK_EQ(counts.first, size_t{2});
    FS_CHECK_EQ(counts.second, size_t{7});
    // Shorter than n: no n-grams at all.
    FS_CHECK(modifiedPrecisionCounts(tok("the cat"), {tok("the cat")}, 3) == (std::pair<size_t, size_t>{0, 0}));
    FS_CHECK_THROWS(modifiedPrecisionCounts(tok("the cat"), {tok("the cat")}, 0));
    FS_CHECK_THROWS(modifiedPrecisionCounts(tok("the cat"), {}, 1));
}

FS_TEST(bleu, perfect_match_is_one)
{
    const auto c = tok("a small red ball lies on the green grass");
    const auto r = corpusBleu({c}, {{tok("the sky"), c}});
    FS_CHECK_NEAR(r.bleu, 1.0, 1e-12);
    FS_CHECK_NEAR(r.brevityPenalty, 1.0, 1e-12);
    for (double p : r.precisions)
        FS_CHECK_NEAR(p, 1.0, 1e-12);
    FS_CHECK_EQ(r.candidateLength, size_t{9});
    FS_CHECK_EQ(r.referenceLength, size_t{9});
}

FS_TEST(bleu, brevity_penalty_by_hand)
{
    // Candidate of 6 tokens, every n-gram of it in the 9-token reference, so all
    // precisions are 1 and BLEU = BP = exp(1 - 9/6) = exp(-0.5) = 0.6065306597.
    const auto c = tok("the cat sat on the mat");
    const auto r = corpusBleu({c}, {{tok("the cat sat on the mat by the door"),
                                     tok("the cat sat on the mat by the old red door")}});
    FS_CHECK_EQ(r.candidateLength, size_t{6});
    FS_CHECK_EQ(r.referenceLength, size_t{9});
    FS_CHECK_NEAR(r.brevityPenalty, std::exp(-0.5), 1e-12);
    FS_CHECK_NEAR(r.bleu, 0.6065306597, 1e-9);

    // References of 5 and 7 tokens are equally close to 6: the shorter one
    // counts, c > r, no penalty (the longer would give exp(1 - 7/6)).
    const auto tie = corpusBleu({c}, {{tok("the cat sat on mats"), tok("the cat sat on the mat today")}});
    FS_CHECK_EQ(tie.referenceLength, size_t{5});
    FS_CHECK_NEAR(tie.brevityPenalty, 1.0, 1e-12);
}

FS_TEST(bleu, corpus_value_by_hand)
{
    // Papineni's candidates 1 and 2 against the same three references.
    // Clipped/total n-grams, summed over both (c1 + c2):
    //   1: 17+8 / 18+14 = 25/32   2: 10+1 / 17+13 = 11/30
    //   3:  7+0 / 16+12 =  7/28   4:  4+0 / 15+11 =  4/26
    // Reference lengths 16, 18, 16: closest to 18 is 18, closest to 14 is 16,
    // so c = 32, r = 34, BP = exp(1 - 34/32) = exp(-1/16) = 0.9394130628.
    // BLEU = BP * (25*11*7*4 / (32*30*28*26))^(1/4) = BP * (7700/698880)^(1/4)
    //      = 0.9394130628 * 0.3239814... = 0.3043537261.
    const auto refs = papineniReferences();
    const auto r = corpusBleu({tok(kCandidate1), tok(kCandidate2)}, {refs, refs});
    FS_CHECK_EQ(r.candidateLength, size_t{32});
    FS_CHECK_EQ(r.referenceLength, size_t{34});
    FS_CHECK_NEAR(r.precisions[0], 25.0 / 32.0, 1e-12);
    FS_CHECK_NEAR(r.precisions[1], 11.0 / 30.0, 1e-12);
    FS_CHECK_NEAR(r.precisions[2], 7.0 / 28.0, 1e-12);
    FS_CHECK_NEAR(r.precisions[3], 4.0 / 26.0, 1e-12);
    FS_CHECK_NEAR(r.brevityPenalty, std::exp(-1.0 / 16.0), 1e-12);
    FS_CHECK_NEAR(r.bleu, 0.3043537261, 1e-9);

    // Candidate 1 alone: c = r = 18, BLEU = (17*10*7*4 / (18*17*16*15))^(1/4)
    // = (7/108)^(1/4) = 0.5045666840.
    FS_CHECK_NEAR(corpusBleu({tok(kCandidate1)}, {refs}).bleu, 0.5045666840, 1e-9);
    // Bigram-only BLEU of candidate 1: sqrt(17/18 * 10/17) = sqrt(10/18).
    FS_CHECK_NEAR(corpusBleu({tok(kCandidate1)}, {refs}, 2).bleu, std::sqrt(10.0 / 18.0), 1e-12);
}

FS_TEST(bleu, zero_precision_gives_zero_and_bad_arguments_throw)
{
    // Candidate 2 alone has no matching trigram: no smoothing, so BLEU is 0
    // while the lower-order precisions are still reported.
    const auto refs = papineniReferences();
    const auto r = corpusBleu({tok(kCandidate2)}, {refs});
    FS_CHECK_NEAR(r.bleu, 0.0, 1e-12);
    FS_CHECK_NEAR(r.precisions[0], 8.0 / 14.0, 1e-12);
    FS_CHECK_NEAR(r.precisions[2], 0.0, 1e-12);
    // An empty candidate: no n-grams, BP 0.
    FS_CHECK_NEAR(corpusBleu({Tokens{}}, {{tok("a b")}}).bleu, 0.0, 1e-12);

    FS_CHECK_THROWS(corpusBleu({tok("a b")}, {}));                       // size mismatch
    FS_CHECK_THROWS(corpusBleu({tok("a b")}, {{}}));                     // no references
    FS_CHECK_THROWS(corpusBleu({}, {}));                                 // empty corpus
    FS_CHECK_THROWS(corpusBleu({tok("a b")}, {{tok("a b")}}, 0));        // maxN out of range
    FS_CHECK_THROWS(corpusBleu({tok("a b")}, {{tok("a b")}}, 5));
}

// ---------------------------------------------------------------- ROUGE-L

FS_TEST(rouge, lin_2004_examples)
{
    // Lin 2004 section 3.1: reference S1 "police killed the gunman".
    // S2 "police kill the gunman": LCS "police the gunman" = 3 -> P = R = 3/4.
    // S3 "the gunman kill police": LCS "the gunman" = 2 -> P = R = 1/2.
    // With P == R the F-measure equals P whatever beta is.
    const auto s1 = tok("police killed the gunman");
    const auto s2 = tok("police kill the gunman");
    const auto s3 = tok("the gunman kill police");
    FS_CHECK_EQ(longestCommonSubsequence(s2, s1), size_t{3});
    FS_CHECK_EQ(longestCommonSubsequence(s3, s1), size_t{2});
    FS_CHECK_NEAR(rougeL(s2, {s1}), 0.75, 1e-12);
    FS_CHECK_NEAR(rougeL(s3, {s1}), 0.5, 1e-12);
    FS_CHECK_NEAR(rougeL(s2, {s1}, 1.0), 0.75, 1e-12);
    FS_CHECK_NEAR(rougeL(s1, {s1}), 1.0, 1e-12);
}

FS_TEST(rouge, unequal_precision_and_recall)
{
    // Candidate (4) "police kill the gunman", reference (6) "the police killed
    // the armed gunman": LCS "police the gunman" = 3, P = 3/4, R = 3/6.
    // beta = 1:   F = 2 * 0.75 * 0.5 / (0.5 + 0.75) = 0.6
    // beta = 1.2: F = 2.44 * 0.375 / (0.5 + 1.44 * 0.75) = 0.915 / 1.58 = 0.5791139241
    const auto c = tok("police kill the gunman");
    const auto r = tok("the police killed the armed gunman");
    FS_CHECK_EQ(longestCommonSubsequence(c, r), size_t{3});
    FS_CHECK_NEAR(rougeL(c, {r}, 1.0), 0.6, 1e-12);
    FS_CHECK_NEAR(rougeL(c, {r}), 0.915 / 1.58, 1e-12);
    // beta = 0 weighs precision only.
    FS_CHECK_NEAR(rougeL(c, {r}, 0.0), 0.75, 1e-12);
}

FS_TEST(rouge, several_references_take_max_precision_and_recall)
{
    // Candidate "the cat sat" (3). Reference A "the cat" (2): LCS 2, P = 2/3,
    // R = 1. Reference B "the cat sat on the mat" (6): LCS 3, P = 1, R = 1/2.
    // COCO combines max P = 1 with max R = 1 -> F = 1, whereas the best single
    // reference would give only 2.44 * (2/3) / (1 + 1.44 * 2/3) = 0.8299319728.
    const auto c = tok("the cat sat");
    FS_CHECK_NEAR(rougeL(c, {tok("the cat"), tok("the cat sat on the mat")}), 1.0, 1e-12);
    FS_CHECK_NEAR(rougeL(c, {tok("the cat")}), 0.8299319728, 1e-9);
    // No overlap, empty candidate, empty reference.
    FS_CHECK_NEAR(rougeL(c, {tok("a dog ran")}), 0.0, 1e-12);
    FS_CHECK_NEAR(rougeL({}, {c}), 0.0, 1e-12);
    FS_CHECK_NEAR(rougeL(c, {Tokens{}}), 0.0, 1e-12);
    FS_CHECK_THROWS(rougeL(c, {}));
    FS_CHECK_THROWS(rougeL(c, {c}, -1.0));
    FS_CHECK_THROWS(rougeL(c, {c}, std::nan("")));
}
