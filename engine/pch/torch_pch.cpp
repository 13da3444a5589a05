// Carries the precompiled LibTorch header that the engine targets reuse.
