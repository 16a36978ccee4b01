#pragma once
// config.json's rope_scaling (transformers 4) or rope_parameters (transformers 5) <-> RopeScaling.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "ipt/model/model_config.h"

namespace ipt {

// Reads the scaling from the config object (nullopt for none or rope_type "default"); a rope_theta
// inside rope_parameters is stored into *theta. Throws FileError(where, ...) naming the key.
std::optional<RopeScaling> rope_scaling_from_json(const nlohmann::json& config, const std::string& where,
                                                  double* theta);
// The rope_scaling value to write (null when there is no scaling), in the layout both transformers 4
// and 5 read.
nlohmann::json rope_scaling_to_json(const std::optional<RopeScaling>& scaling);

}  // namespace ipt
