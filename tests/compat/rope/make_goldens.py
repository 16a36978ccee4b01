"""Goldens for RoPE scaling: transformers' inverse frequencies (modeling_rope_utils) for the rope_scaling
settings of Llama 3.1 / 3.2 and for linear and dynamic scaling, from config.json dictionaries."""
import os

from golden_io import finish, golden

import transformers
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = {
    "llama3.1-8b": ({"hidden_size": 4096, "num_attention_heads": 32, "max_position_embeddings": 131072,
                     "rope_theta": 500000.0,
                     "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                      "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}, None),
    "llama3.2-1b": ({"hidden_size": 2048, "num_attention_heads": 32, "max_position_embeddings": 131072,
                     "rope_theta": 500000.0,
                     "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                                      "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}, None),
    "linear": ({"hidden_size": 256, "num_attention_heads": 4, "max_position_embeddings": 4096,
                "rope_theta": 10000.0, "rope_scaling": {"rope_type": "linear", "factor": 4.0}}, None),
    "dynamic-short": ({"hidden_size": 256, "num_attention_heads": 4, "max_position_embeddings": 2048,
                       "rope_theta": 10000.0, "rope_scaling": {"rope_type": "dynamic", "factor": 2.0}}, 1000),
    "dynamic-long": ({"hidden_size": 256, "num_attention_heads": 4, "max_position_embeddings": 2048,
                      "rope_theta": 10000.0, "rope_scaling": {"rope_type": "dynamic", "factor": 2.0}}, 6000),
}


def main():
    out = {}
    for name, (config, seq_len) in CASES.items():
        c = transformers.LlamaConfig(**config)
        rope_type = c.rope_parameters["rope_type"]
        if rope_type == "dynamic":
            # The dynamic update transformers applies once a forward pass sees `seq_len` positions.
            fn = ROPE_INIT_FUNCTIONS["dynamic"]
            inv_freq, _ = fn(c, "cpu", seq_len=seq_len)
        else:
            inv_freq, _ = ROPE_INIT_FUNCTIONS[rope_type](c, "cpu")
        out[name] = {"config": config, "sequence_length": seq_len, "inv_freq": [float(x) for x in inv_freq]}
    golden(os.path.join(HERE, "goldens.json"), out, rtol=1e-6, atol=1e-12)
    finish()


if __name__ == "__main__":
    main()
