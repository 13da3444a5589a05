#pragma once
// Moving a module's weights to and from a safetensors file, shared by the
// project's own model formats (mini, shapes VQA, the spoken-question reader).
//
//   auto tensors = moduleTensors(*model, torch::kFloat, true);   // parameters and float buffers
//   safetensors::write(path, tensors, metadata);
//   auto file = safetensors::File::open(path);
//   if (auto filled = fillModule(*file, *model, true); !filled) return filled.error();
//
// Thread-safety: plain functions over the module passed; one thread per module.

#include "io/safetensors.h"
#include "util/result.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace fscope::models {

// (name, CPU tensor in `dtype`) for every parameter and, when `withBuffers`,
// every floating-point buffer (BatchNorm statistics).
std::vector<std::pair<std::string, torch::Tensor>> moduleTensors(const torch::nn::Module& module, torch::ScalarType dtype,
                                                                 bool withBuffers);

// Copies the file's tensors into the module's parameters (and floating-point
// buffers when `withBuffers`); a missing tensor or a wrong shape is an error
// naming the file and the tensor.
Result<void> fillModule(const safetensors::File& file, torch::nn::Module& module, bool withBuffers);

} // namespace fscope::models
