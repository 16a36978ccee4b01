#pragma once
// The boundary to SentencePiece. Debian's libsentencepiece carries its own copy of protobuf-lite and
// exports those symbols; LibTorch loads the system libprotobuf. Linked into one process the two copies
// bind to each other's symbols and crash at start-up (or fail protobuf's version check). So the
// library is only ever loaded through a small plugin (libipt_spm.so), opened with RTLD_LOCAL |
// RTLD_DEEPBIND so that it binds to its own protobuf and never enters the global symbol scope.
// Nothing may throw across this interface: failures come back as false plus a message.
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ipt::detail {

class SpmBackend {
  public:
    virtual ~SpmBackend() = default;
    virtual bool load(const std::string& serialized_model, std::string* error) = 0;
    virtual bool encode(const std::string& text, std::vector<int>* ids, std::string* error) const = 0;
    virtual bool decode(const std::vector<int>& ids, std::string* text, std::string* error) const = 0;
    virtual int piece_size() const = 0;
    virtual std::string id_to_piece(int id) const = 0;
    virtual int piece_to_id(const std::string& piece) const = 0;
    virtual bool is_control(int id) const = 0;
    virtual bool is_byte(int id) const = 0;
    virtual bool is_unknown(int id) const = 0;
    virtual int bos_id() const = 0;
    virtual int eos_id() const = 0;
    virtual int pad_id() const = 0;
    virtual int unk_id() const = 0;
    // Trains a model from `sentences` with SentencePiece's trainer flags (name, value) and returns the
    // serialized ModelProto. Needs no loaded model.
    virtual bool train(const std::vector<std::pair<std::string, std::string>>& flags,
                       const std::vector<std::string>& sentences, std::string* model,
                       std::string* error) const = 0;
};

// The plugin's one exported symbol.
using SpmBackendFactory = SpmBackend* (*)();
constexpr const char* kSpmFactorySymbol = "ipt_spm_backend_create";

// Opens the plugin on first use (throws ipt::Error with the paths tried when it cannot be found).
std::unique_ptr<SpmBackend> create_spm_backend();

}  // namespace ipt::detail
