// The JSON reader behind configs, manifests, tokenizer files and safetensors
// headers. Any byte string must parse or fail with a message; what parses must
// survive a round trip through the writer unchanged (compact and indented).

#include "fuzz_support.h"

#include "util/json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace fscope;
    const std::string_view text = fuzz::asText(data, size);
    const auto doc = json::parse(text);
    if (!doc) {
        FSCOPE_FUZZ_CHECK(!doc.error().message.empty(), "empty error message");
        return 0;
    }
    for (const int indent : {-1, 2}) {
        const std::string written = json::serialize(*doc, indent);
        const auto again = json::parse(written);
        FSCOPE_FUZZ_CHECK(again.ok(), "the writer's output does not parse: " + (again ? "" : again.error().message));
        FSCOPE_FUZZ_CHECK(*again == *doc, "round trip changed the value: " + written);
    }
    // A shallow limit must refuse deep documents cleanly, not overflow or accept them.
    (void)json::parse(text, /*maxDepth=*/3);
    return 0;
}
