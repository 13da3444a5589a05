#include "cli/commands.h"

#include "models/clip_arch.h"
#include "models/clip_bench.h"
#include "models/clip_loader.h"
#include "runtime/torch_device.h"
#include "search/retrieval_bench.h"
#include "util/json.h"

#include <iostream>

namespace fscope::cli {

namespace {

models::ClipModel benchModel(const ParsedArgs& args)
{
    const std::string path = args.value("--model");
    if (!path.empty()) {
        if (args.hasFlag("--random-weights") || !args.value("--arch").empty())
            throw CommandError{"bench clip: give either --model PATH or --arch NAME --random-weights"};
        auto model = models::loadClipCheckpoint(path);
        if (!model)
            throw CommandError{model.error().message};
        return *model;
    }
    if (!args.hasFlag("--random-weights"))
        throw CommandError{"bench clip: give --model PATH, or --arch NAME with --random-weights"};
    auto config = models::clipArchitecture(args.value("--arch", "ViT-B/32"));
    if (!config)
        throw CommandError{config.error().message};
    return models::ClipModel(*config);
}

// Nearest-neighbour search over random embeddings: the int8 index with exact
// re-ranking against an exact scan, as the numpy reference in ../bench measures.
int benchRetrieval(const ParsedArgs& args, const GlobalOptions& options)
{
    search::RetrievalBenchOptions bench;
    bench.rows = size_t(intOption(args, "--n", 1'000'000, 1, 20'000'000));
    bench.dim = size_t(intOption(args, "--dim", 512, 1, 4096));
    bench.k = size_t(intOption(args, "--k", 10, 1, 1000));
    bench.queries = size_t(intOption(args, "--queries", 20, 1, 10'000));
    bench.rerank = size_t(intOption(args, "--rerank", 100, 1, 100'000));
    bench.seed = uint64_t(intOption(args, "--seed", 0, 0, 1'000'000'000));
    bench.threads = options.threads;
    const auto figures = search::benchmarkRetrieval(bench);

    const std::string recallKey = "recall_at_" + std::to_string(bench.k) + "_vs_exact";
    if (options.json) {
        json::Value out = json::Value::object();
        out["query_ms"] = figures.queryMs;
        out[recallKey] = figures.recallVsExact;
        out["exact_query_ms"] = figures.exactQueryMs;
        out["build_ms"] = figures.buildMs;
        out["n"] = double(bench.rows);
        out["dim"] = double(bench.dim);
        out["k"] = double(bench.k);
        out["queries"] = double(bench.queries);
        out["rerank"] = double(bench.rerank);
        out["threads"] = double(figures.threads);
        out["storage"] = "int8 codes, float32 re-rank";
        out["avx2"] = figures.avx2;
        std::cout << json::serialize(out) << "\n";
        return 0;
    }
    std::cout << "top-" << bench.k << " of " << bench.rows << " x " << bench.dim << " random embeddings, "
              << bench.queries << " queries, " << figures.threads << " thread(s)"
              << (figures.avx2 ? ", AVX2" : ", no AVX2") << "\n"
              << "  int8 scan + exact re-rank of " << bench.rerank << ": " << figures.queryMs << " ms per query\n"
              << "  exact float32 scan:           " << figures.exactQueryMs << " ms per query\n"
              << "  recall@" << bench.k << " against exact:      " << figures.recallVsExact << "\n"
              << "  index built in " << figures.buildMs << " ms\n";
    return 0;
}

} // namespace

int runBench(const ParsedArgs& args, const GlobalOptions& options)
{
    if (args.positional.size() == 1 && args.positional.front() == "retrieval")
        return benchRetrieval(args, options);
    if (args.positional.size() != 1 || args.positional.front() != "clip")
        throw CommandError{"bench: say what to time: bench clip --arch ViT-B/32 --random-weights, "
                           "or bench retrieval --n 1000000 --dim 512 --k 10"};
    const auto device = requireDevice(options);
    models::ClipModel model = benchModel(args);
    model->to(runtime::torchDevice(device));
    models::ClipBenchOptions bench;
    bench.repeatsBatch1 = intOption(args, "--repeats", bench.repeatsBatch1, 1, 1000);
    bench.repeatsBatch16 = std::max(1, bench.repeatsBatch1 / 2);
    const auto figures = models::benchmarkClip(model, bench);

    const std::string arch = models::clipArchitectureName(model->config());
    if (options.json) {
        json::Value out = json::Value::object();
        out["image_b1_ms"] = figures.imageB1Ms;
        out["image_b16_ms_per_image"] = figures.imageB16MsPerImage;
        out["text_b1_ms"] = figures.textB1Ms;
        out["text_b16_ms_per_text"] = figures.textB16MsPerText;
        out["arch"] = arch;
        out["device"] = device.name;
        out["threads"] = device.cpuThreads;
        out["blas_threads"] = device.blasThreads;
        std::cout << json::serialize(out) << "\n";
        return 0;
    }
    std::cout << "CLIP " << (arch.empty() ? std::string("(custom)") : arch) << " on " << device.name << ", "
              << device.cpuThreads << " LibTorch thread(s), " << device.blasThreads << " BLAS thread(s)\n"
              << "  image, batch 1:   " << figures.imageB1Ms << " ms\n"
              << "  image, batch 16:  " << figures.imageB16MsPerImage << " ms per image\n"
              << "  text, batch 1:    " << figures.textB1Ms << " ms\n"
              << "  text, batch 16:   " << figures.textB16MsPerText << " ms per text\n";
    return 0;
}

} // namespace fscope::cli
