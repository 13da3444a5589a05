// Collection manifests (data/collection.h): JSONL, CSV with a header, COCO
// captions JSON, and a folder's .txt captions. The first byte picks the
// format; the rest is the file. The manifest lies in a scratch folder beside a
// few files it may name (a.png, b.wav, sub/c.jpg), so valid lines resolve.

#include "fuzz_support.h"

#include "data/collection.h"

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    for (const char* name : {"a.png", "b.wav", "sub/c.jpg"})
        fscope::fuzz::writeScratch(std::string("manifest/") + name, "x");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace fscope;
    if (size == 0)
        return 0;
    static const char* kNames[] = {"manifest/list.jsonl", "manifest/list.csv", "manifest/coco.json",
                                   "captions/captions.txt"};
    const int format = data[0] % 4;
    const std::string path = fuzz::writeScratch(kNames[format], fuzz::asText(data + 1, size - 1));
    const std::string source = format == 3 ? fuzz::scratchDir() + "/captions" : path;
    const auto collection = data::loadCollection(source);
    if (!collection) {
        FSCOPE_FUZZ_CHECK(collection.error().message.find(source) != std::string::npos,
                          "error does not name the manifest: " + collection.error().message);
        return 0;
    }
    FSCOPE_FUZZ_CHECK(!collection->items.empty(), "a collection without items");
    for (const auto& item : collection->items) {
        FSCOPE_FUZZ_CHECK(!item.image.empty() || !item.audio.empty() || item.hasText, "an empty item");
        FSCOPE_FUZZ_CHECK(item.hasText || item.text.empty(), "text without hasText");
        (void)json::serialize(item.fields);
    }
    return 0;
}
