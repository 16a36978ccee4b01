#include "ipt/train/data_mixture.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "ipt/common/error.h"
#include "ipt/data/token_dataset.h"

namespace ipt {

DataMixture::DataMixture(std::vector<std::shared_ptr<TokenDataset>> datasets, std::vector<double> weights,
                         uint64_t seed)
    : datasets_(std::move(datasets)), cursors_(datasets_.size(), 0), rng_(seed) {
    double total = 0;
    for (double w : weights) total += w;
    double running = 0;
    for (double w : weights) cumulative_.push_back(running += w / total);
}

size_t DataMixture::choose() {
    if (datasets_.size() == 1) return 0;
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    for (size_t i = 0; i + 1 < cumulative_.size(); ++i)
        if (u < cumulative_[i]) return i;
    return cumulative_.size() - 1;
}

void DataMixture::next(int64_t length, int64_t* tokens, uint8_t* mask) {
    const size_t i = choose();
    datasets_[i]->read(cursors_[i], static_cast<uint64_t>(length), tokens, mask);
    cursors_[i] = (cursors_[i] + static_cast<uint64_t>(length - 1)) % datasets_[i]->size();
}

void DataMixture::skip(int64_t length) {
    const size_t i = choose();
    cursors_[i] = (cursors_[i] + static_cast<uint64_t>(length - 1)) % datasets_[i]->size();
}

std::string DataMixture::state() const {
    std::ostringstream rng;
    rng << rng_;
    return nlohmann::json{{"cursors", cursors_}, {"rng", rng.str()}}.dump();
}

void DataMixture::restore(const std::string& state, const std::string& where) {
    try {
        auto j = nlohmann::json::parse(state);
        auto cursors = j.at("cursors").get<std::vector<uint64_t>>();
        if (cursors.size() != datasets_.size())
            throw FileError(where, "data position names " + std::to_string(cursors.size()) +
                                       " datasets, the config " + std::to_string(datasets_.size()));
        cursors_ = cursors;
        std::istringstream rng(j.at("rng").get<std::string>());
        rng >> rng_;
    } catch (const nlohmann::json::exception& e) {
        throw FileError(where, std::string("malformed data position: ") + e.what());
    }
}

}  // namespace ipt
