#pragma once
// Keeps third-party decoders (libpng and libjpeg through OpenCV, libsndfile's
// codecs) from printing their own diagnostics on stderr while they run: every
// failure reaches the user once, as the loader's one-line error that names the
// file. Scoped and reference-counted across threads: while any guard lives, file
// descriptor 2 points at /dev/null; the last one restores it.
//
//   { fscope::io::QuietStderr quiet; cv::imdecode(...); }
//
// Setting FUSIONSCOPE_LIBRARY_MESSAGES=1 leaves stderr alone (for debugging a
// decoder). Thread-safety: any thread; output from other threads written to
// stderr while a decode runs is lost, which is why guards stay around the
// decoder call only.

namespace fscope::io {

class QuietStderr {
public:
    QuietStderr();
    ~QuietStderr();
    QuietStderr(const QuietStderr&) = delete;
    QuietStderr& operator=(const QuietStderr&) = delete;

private:
    bool m_active = false;
};

} // namespace fscope::io
