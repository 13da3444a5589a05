#include "cli/embedding_models.h"

#include "cli/clip_helpers.h"
#include "cli/mini_helpers.h"

namespace fscope::cli {

namespace {

class ClipModel final : public EmbeddingModel {
public:
    explicit ClipModel(tasks::ClipSession session) : m_session(std::move(session)) {}
    std::string source() const override { return m_session.source(); }
    bool hasAudio() const override { return false; }
    int64_t width() const override { return m_session.model()->config().embedDim; }
    double logitScaleParameter() const override { return m_session.logitScaleParameter(); }
    torch::Tensor images(const std::vector<std::string>& paths) override { return m_session.embedImageFiles(paths); }
    torch::Tensor texts(const std::vector<std::string>& texts, std::vector<std::vector<int64_t>>* ids) override
    {
        return m_session.embedTexts(texts, ids);
    }
    torch::Tensor audio(const std::vector<std::string>&) override { throw noAudio(); }
    torch::Tensor imagesCached(const std::vector<std::string>& paths, const std::string& dir, int* reused) override
    {
        return m_session.embedImageFilesCached(paths, dir, reused);
    }
    torch::Tensor textsCached(const std::vector<std::string>& texts, const std::string& dir, int* reused) override
    {
        return m_session.embedTextsCached(texts, dir, reused);
    }
    torch::Tensor audioCached(const std::vector<std::string>&, const std::string&, int*) override { throw noAudio(); }

private:
    CommandError noAudio() const
    {
        return CommandError{source() + " is a CLIP model (images and texts); it has no audio encoder"};
    }
    mutable tasks::ClipSession m_session;
};

class MiniModel final : public EmbeddingModel {
public:
    MiniModel(tasks::MiniSession session, std::string source) : m_session(std::move(session)), m_source(std::move(source)) {}
    std::string source() const override { return m_source; }
    bool hasAudio() const override { return true; }
    int64_t width() const override { return m_session.model()->config().embedDim; }
    double logitScaleParameter() const override { return m_session.model()->logit_scale.item<double>(); }
    torch::Tensor images(const std::vector<std::string>& paths) override { return m_session.embedImageFiles(paths); }
    torch::Tensor texts(const std::vector<std::string>& texts, std::vector<std::vector<int64_t>>* ids) override
    {
        return m_session.embedTexts(texts, ids);
    }
    torch::Tensor audio(const std::vector<std::string>& paths) override { return m_session.embedAudioFiles(paths); }
    torch::Tensor imagesCached(const std::vector<std::string>& paths, const std::string& dir, int* reused) override
    {
        return m_session.embedImageFilesCached(paths, dir, reused);
    }
    torch::Tensor textsCached(const std::vector<std::string>& texts, const std::string& dir, int* reused) override
    {
        return m_session.embedTextsCached(texts, dir, reused);
    }
    torch::Tensor audioCached(const std::vector<std::string>& paths, const std::string& dir, int* reused) override
    {
        return m_session.embedAudioFilesCached(paths, dir, reused);
    }

private:
    mutable tasks::MiniSession m_session;
    std::string m_source;
};

} // namespace

std::unique_ptr<EmbeddingModel> openEmbeddingModel(const ParsedArgs& args, const GlobalOptions& options,
                                                   const char* command)
{
    const std::string name = args.value("--model");
    if (!name.empty())
        if (const auto folder = miniFolderFor(name, options))
            return std::make_unique<MiniModel>(openMiniModel(*folder, options), name);
    return std::make_unique<ClipModel>(openClipModel(args, options, command));
}

} // namespace fscope::cli
