#pragma once
// English accents that espeak-ng has no voice for, made from its phonemes: a
// question is turned into espeak-ng's phoneme mnemonics in a training voice
// (io::speechPhonemes), a few of the sound changes that set English accents
// apart are applied (h-dropping, th-stopping or -fronting, the northern
// "foot-strut" vowel, monophthongs for "face" and "goat", ...), and the
// result is spoken by the same voice as "[[phonemes]]". The spoken-question
// reader hears more ways of saying each word than six accents give.
//
//   accentedPhonemes("h,aU m'Eni; '0bdZEkts hav", 1) == ",aU m'Eni; '0bdZEkts av"
//
// Thread-safety: pure functions.

#include <string>

namespace fscope::data {

// How many accents there are: 1 .. shapesAccentCount().
int shapesAccentCount();
// espeak-ng phoneme mnemonics with accent `accent`'s sound changes; 0 returns them unchanged.
std::string accentedPhonemes(const std::string& phonemes, int accent);
// "h-dropping, foot-strut": the sound changes of one accent, for people reading a pack.
std::string accentDescription(int accent);

} // namespace fscope::data
