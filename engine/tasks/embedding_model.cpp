#include "tasks/embedding_model.h"

#include "util/result.h"

namespace fscope::tasks {

namespace {

class ClipModel final : public EmbeddingModel {
public:
    explicit ClipModel(ClipSession session) : m_session(std::move(session)) {}
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
    ClipSession* clipSession() override { return &m_session; }

private:
    EngineError noAudio() const
    {
        return EngineError(source() + " is a CLIP model (images and texts); it has no audio encoder");
    }
    mutable ClipSession m_session;
};

class MiniModel final : public EmbeddingModel {
public:
    MiniModel(MiniSession session, std::string source) : m_session(std::move(session)), m_source(std::move(source)) {}
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
    MiniSession* miniSession() override { return &m_session; }

private:
    mutable MiniSession m_session;
    std::string m_source;
};

} // namespace

std::unique_ptr<EmbeddingModel> wrapClipSession(ClipSession session)
{
    return std::make_unique<ClipModel>(std::move(session));
}

std::unique_ptr<EmbeddingModel> wrapMiniSession(MiniSession session, std::string source)
{
    return std::make_unique<MiniModel>(std::move(session), std::move(source));
}

} // namespace fscope::tasks
