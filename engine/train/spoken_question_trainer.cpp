#include "train/spoken_question_trainer.h"

#include "data/shapes_pack.h"
#include "data/shapes_world.h"
#include "io/audio.h"
#include "io/audio_preprocess.h"
#include "models/shapes_vqa.h"
#include "train/shapes_eval.h"
#include "train/step_random.h"
#include "train/training_loop.h"
#include "util/text_file.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace fscope::train {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr int kRate = 16000;

struct VoiceClips {
    std::string voice;
    std::vector<std::vector<float>> waves; // 36, row type * 6 + colour, 16 kHz mono
};

Result<VoiceClips> loadVoice(const std::string& packDir, const std::string& voiceId)
{
    VoiceClips clips{voiceId, {}};
    for (int type = 0; type < data::kShapesQuestionTypes; ++type)
        for (int colour = 0; colour < data::kShapesColours; ++colour) {
            const auto path = (fs::path(packDir) / "audio" / voiceId / (data::shapesQuestionStem(type, colour) + ".ogg"))
                                  .string();
            auto clip = io::loadAudio(path);
            if (!clip)
                return clip.error();
            clips.waves.push_back(clip->sampleRate == kRate ? clip->mono()
                                                            : io::resample(clip->mono(), clip->sampleRate, kRate));
        }
    return clips;
}

// Another speaker, roughly: faster or slower speech (the pitch moves with it), noise.
std::vector<float> varyWave(std::mt19937_64& rng, const std::vector<float>& wave)
{
    const double speed = std::exp(uniform(rng, std::log(0.8), std::log(1.25)));
    auto out = io::resample(wave, kRate, int(std::lround(kRate / speed)));
    if (uniform(rng, 0, 1) < 0.5) {
        double power = 0;
        for (float v : out)
            power += double(v) * v;
        power /= double(std::max<size_t>(1, out.size()));
        const double noise = std::sqrt(power * std::pow(10.0, -uniform(rng, 15, 40) / 10.0));
        std::normal_distribution<float> gauss(0.f, float(noise));
        for (float& v : out)
            v += gauss(rng);
    }
    return out;
}

// [F, bins]: slower or faster without a change of pitch, the bins stretched (a
// longer or shorter vocal tract), a band of bins and a few frames masked.
torch::Tensor varyFeatures(std::mt19937_64& rng, const torch::Tensor& mel)
{
    const double tempo = uniform(rng, 0.85, 1.15);
    auto out = tasks::stretchFeatures(mel, tempo, uniform(rng, 0.88, 1.12));
    if (out.is_same(mel))
        out = out.clone(); // masked below: never the clip's own features
    const int64_t frames = out.size(0), bins = mel.size(1);
    if (uniform(rng, 0, 1) < 0.5) {
        const int64_t width = uniformInt(rng, 1, 8);
        out.narrow(1, uniformInt(rng, 0, bins - width), width).zero_();
    }
    if (uniform(rng, 0, 1) < 0.5 && frames > 12) {
        const int64_t width = uniformInt(rng, 1, 5);
        out.narrow(0, uniformInt(rng, 0, frames - width), width).zero_();
    }
    return out;
}

torch::Tensor questionIds(int64_t slots)
{
    return shapesQuestionTable(slots).first; // [36, slots]
}

} // namespace

HeardScore scoreHeard(const models::HeardWords& heard, const torch::Tensor& targetIds)
{
    const auto top = heard.probs.argmax(-1);
    const auto right = top.eq(targetIds);
    // The question's words and the [PAD] just after it (so a question heard too long counts as wrong).
    const auto length = targetIds.ne(0).sum(1, true);
    const auto counted = torch::arange(targetIds.size(1)).unsqueeze(0).le(length);
    HeardScore score;
    score.questions = targetIds.size(0);
    score.questionAccuracy = right.all(1).to(torch::kDouble).mean().item<double>();
    score.wordAccuracy = (right & counted).sum().item<double>() / counted.sum().item<double>();
    return score;
}

Result<models::HeardWords> hearPackVoice(tasks::ShapesSpeechReader& speech, const std::string& packDir,
                                         const std::string& voiceId)
{
    auto clips = loadVoice(packDir, voiceId);
    if (!clips)
        return clips.error();
    return speech.hear(clips->waves, std::vector<int>(clips->waves.size(), kRate));
}

namespace {

json::Value curveToJson(const std::vector<SpokenQuestionCurvePoint>& curve)
{
    json::Value points = json::Value::array();
    for (const auto& p : curve) {
        json::Value point = json::Value::object();
        point["step"] = p.step;
        point["seconds"] = p.seconds;
        point["loss"] = p.loss;
        point["held_out_question_accuracy"] = p.heldOutQuestionAccuracy;
        points.push(point);
    }
    return points;
}

std::vector<SpokenQuestionCurvePoint> curveFromJson(const json::Value* points)
{
    std::vector<SpokenQuestionCurvePoint> curve;
    if (!points || !points->isArray())
        return curve;
    const auto number = [](const json::Value& v, const char* key) {
        const auto* found = v.find(key);
        return found && found->isNumber() ? found->asDouble() : 0.0;
    };
    for (const auto& v : points->asArray()) {
        SpokenQuestionCurvePoint point;
        point.step = int64_t(number(v, "step"));
        point.seconds = number(v, "seconds");
        point.loss = number(v, "loss");
        point.heldOutQuestionAccuracy = number(v, "held_out_question_accuracy");
        curve.push_back(point);
    }
    return curve;
}

// A checkpoint's reader (and tuned tower) copied into the reader being trained.
Result<void> loadReaderInto(const std::string& path, models::SpokenQuestionReader& reader,
                            const std::vector<std::pair<std::string, torch::Tensor>>& tower)
{
    auto loaded = models::loadSpokenQuestionReader(path);
    if (!loaded)
        return loaded.error();
    torch::NoGradGuard noGrad;
    auto source = loaded->reader->named_parameters();
    for (auto& item : reader->named_parameters()) {
        const auto* from = source.find(item.key());
        if (!from || !from->sizes().equals(item.value().sizes()))
            return Error{path + ": the checkpoint's reader differs from the one asked for (use --no-resume)"};
        item.value().copy_(*from);
    }
    for (const auto& [name, tensor] : tower) {
        const auto saved = std::find_if(loaded->towerTensors.begin(), loaded->towerTensors.end(),
                                        [&](const auto& t) { return t.first == name; });
        if (saved == loaded->towerTensors.end())
            return Error{path + ": the checkpoint lacks the tuned audio tower's " + name + " (use --no-resume)"};
        tensor.copy_(saved->second);
    }
    return {};
}

} // namespace

json::Value SpokenQuestionTrainingReport::toJson() const
{
    const auto scores = [](const std::map<std::string, HeardScore>& byVoice) {
        json::Value v = json::Value::object();
        for (const auto& [voice, s] : byVoice) {
            json::Value item = json::Value::object();
            item["questions"] = s.questions;
            item["question_accuracy"] = s.questionAccuracy;
            item["word_accuracy"] = s.wordAccuracy;
            v[voice] = item;
        }
        return v;
    };
    json::Value v = json::Value::object();
    v["weights"] = weightsPath;
    v["steps"] = steps;
    v["seconds"] = seconds;
    v["parameters"] = parameters;
    v["held_out"] = scores(heldOut);
    v["held_out_free_reading"] = scores(heldOutFreeReading);
    v["train_voices"] = scores(trainVoices);
    v["resumed_from"] = resumedFrom;
    v["curve"] = curveToJson(curve);
    return v;
}

Result<SpokenQuestionTrainingReport> trainSpokenQuestionReader(
    const SpokenQuestionTrainingOptions& options, const std::function<bool(const SpokenQuestionProgress&)>& progress)
{
    const auto started = Clock::now();
    std::error_code ec;
    fs::create_directories(options.outDir, ec);
    if (ec)
        return Error{options.outDir + ": cannot create folder (" + ec.message() + ")"};
    torch::manual_seed(options.seed);
    auto speech = tasks::ShapesSpeechReader::openAudioTower(options.miniFolder, options.config);
    if (!speech)
        return speech.error();
    auto& reader = (*speech)->reader();

    std::vector<VoiceClips> train, heldOut;
    for (const auto& voice : data::shapesPackVoices()) {
        // A pack made with --main-voices has no variants; the main voices must be there.
        std::error_code missing;
        if (voice.variant && !fs::is_directory(fs::path(options.packDir) / "audio" / voice.id, missing))
            continue;
        auto clips = loadVoice(options.packDir, voice.id);
        if (!clips)
            return clips.error();
        (voice.heldOut ? heldOut : train).push_back(std::move(*clips));
    }
    if (train.empty())
        return Error{options.packDir + ": no training voices"};
    const auto targets = questionIds(options.config.slots);
    const int64_t perVoice = targets.size(0);

    // Resampling and the log-mel dominate a step when done per draw (measured:
    // half of a 1.4 s step), so each training clip is varied in the waveform
    // `waveVariants` times up front; the cheap variations of the features are
    // then drawn per step.
    struct Variant {
        torch::Tensor features;
        int64_t row;
    };
    std::vector<Variant> variants;
    {
        auto rng = stepRandom(options.seed, -1);
        for (const auto& voice : train)
            for (int64_t row = 0; row < perVoice; ++row)
                for (int64_t k = 0; k < options.waveVariants; ++k)
                    variants.push_back({(*speech)->features(k == 0 ? voice.waves[size_t(row)]
                                                                   : varyWave(rng, voice.waves[size_t(row)]),
                                                            kRate),
                                        row});
        SpokenQuestionProgress loading;
        loading.stage = "loading";
        loading.step = int64_t(variants.size());
        if (progress && !progress(loading))
            return Error{"cancelled"};
    }

    const auto scoreVoices = [&](const std::vector<VoiceClips>& voices) {
        std::map<std::string, HeardScore> out;
        reader->eval();
        for (const auto& clips : voices)
            out[clips.voice] = scoreHeard((*speech)->hear(clips.waves, std::vector<int>(clips.waves.size(), kRate)),
                                          targets);
        reader->train();
        return out;
    };
    const auto meanAccuracy = [](const std::map<std::string, HeardScore>& scores) {
        double sum = 0;
        for (const auto& [voice, s] : scores)
            sum += s.questionAccuracy;
        return scores.empty() ? 0.0 : sum / double(scores.size());
    };

    SpokenQuestionTrainingReport report;
    for (const auto& parameter : reader->parameters())
        report.parameters += parameter.numel();
    std::vector<torch::Tensor> trained = reader->parameters();
    if (options.tuneAudioTower) {
        (*speech)->tuneAudioTower();
        for (const auto& [name, tensor] : (*speech)->tunedTower())
            trained.push_back(tensor);
    }
    torch::optim::AdamW optimizer(trained,
                                  torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
    reader->train();
    TrainingLoopOptions loopOptions;
    loopOptions.checkpointDir = fs::path(options.outDir) / "checkpoint";
    loopOptions.steps = options.steps;
    loopOptions.checkpointEvery = options.checkpointEvery;
    loopOptions.curveEvery = options.evalEvery;
    loopOptions.maxSeconds = options.maxSeconds;
    loopOptions.resume = options.resume;
    TrainingLoop loop(
        loopOptions, optimizer,
        [&](const std::string& path) {
            return models::saveSpokenQuestionReader(path, reader, (*speech)->audioTowerSha256(), (*speech)->tunedTower());
        },
        [&](const std::string& path) { return loadReaderInto(path, reader, (*speech)->tunedTower()); }, started);
    auto resumed = loop.resume();
    if (!resumed)
        return resumed.error();
    if (*resumed)
        report.curve = curveFromJson((*resumed)->find("curve"));
    report.resumedFrom = loop.resumedFrom();
    SpokenQuestionProgress p;
    p.stage = "training";
    p.steps = options.steps;
    double lossSum = 0;
    int64_t sinceLastPoint = 0;
    while (loop.running()) {
        const int64_t step = loop.step();
        auto rng = stepRandom(options.seed, step);
        std::vector<torch::Tensor> features;
        std::vector<int64_t> rows;
        for (size_t i : drawBatch(rng, variants.size(), size_t(options.batch))) {
            features.push_back(varyFeatures(rng, variants[i].features));
            rows.push_back(variants[i].row);
        }
        const double rate = warmupCosineRate(options.learningRate, loop.scheduleStep(), options.warmupSteps, options.steps);
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);

        const auto [tokens, mask] = (*speech)->audioTokens(features);
        optimizer.zero_grad();
        // A tenth of the audio tokens hidden: each word is read from its context too.
        const auto logits = reader->forward(tokens, mask & torch::rand(mask.sizes()).ge(options.tokenDropout));
        const auto target = targets.index_select(0, torch::tensor(rows, torch::kLong));
        const auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), target.reshape({-1}));
        loss.backward();
        torch::nn::utils::clip_grad_norm_(trained, 5.0);
        optimizer.step();
        const double lossValue = loss.item<double>();
        if (!std::isfinite(lossValue))
            return Error{"the loss is not finite at step " + std::to_string(step + 1) + " (lower the learning rate)"};
        loop.stepTaken();
        lossSum += lossValue;
        ++sinceLastPoint;
        p.step = step + 1;
        p.loss = lossValue;
        p.secondsPerStep = loop.secondsPerStep();
        p.newPoint = nullptr;
        if (loop.pointDue()) {
            SpokenQuestionCurvePoint point;
            point.step = step + 1;
            point.seconds = loop.seconds();
            point.loss = lossSum / double(sinceLastPoint);
            point.heldOutQuestionAccuracy = meanAccuracy(scoreVoices(heldOut));
            report.curve.push_back(point);
            p.newPoint = &report.curve.back();
            lossSum = 0;
            sinceLastPoint = 0;
        }
        const bool keepGoing = !progress || progress(p);
        if (auto ended = loop.endStep(keepGoing, [&] {
                json::Value state = json::Value::object();
                state["curve"] = curveToJson(report.curve);
                return state;
            });
            !ended)
            return ended.error();
    }
    if (loop.cancelled())
        return Error{"cancelled"};
    const int64_t step = loop.step();
    report.steps = step;
    report.heldOut = scoreVoices(heldOut);
    // The training voices once each: over a hundred voices heard nine ways took minutes.
    (*speech)->setListenSeveralWays(false);
    report.trainVoices = scoreVoices(train);
    (*speech)->setListenSeveralWays(true);
    (*speech)->setFreeReading(true);
    report.heldOutFreeReading = scoreVoices(heldOut);
    (*speech)->setFreeReading(false);
    reader->eval();
    report.weightsPath = (fs::path(options.outDir) / "shapes-speech.safetensors").string();
    if (auto saved = models::saveSpokenQuestionReader(report.weightsPath, reader, (*speech)->audioTowerSha256(),
                                                     (*speech)->tunedTower()); !saved)
        return saved.error();
    report.seconds = loop.seconds();
    if (auto written = writeTextFileAtomically((fs::path(options.outDir) / "report.json").string(),
                                               json::serialize(report.toJson(), 2) + "\n");
        !written)
        return written.error();
    return report;
}

} // namespace fscope::train
