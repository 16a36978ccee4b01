#pragma once
// Reading and editing a SentencePiece model file (a serialized ModelProto) without libprotobuf: the
// pieces are read and appended, every other field travels through byte for byte. Vocabulary expansion
// appends the target language's pieces to the source model this way, so the result is still a model
// that SentencePiece itself loads.
#include <cstdint>
#include <string>
#include <vector>

namespace ipt {

// sentencepiece_model.proto's SentencePiece.Type.
enum class PieceType : int { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct ModelPiece {
    std::string piece;
    float score = 0;
    PieceType type = PieceType::Normal;
};

class SentencePieceModel {
  public:
    // `where` names the source in error messages (FileError).
    static SentencePieceModel parse(const std::string& bytes, const std::string& where = "<memory>");
    static SentencePieceModel read(const std::string& path);

    std::string serialize() const;
    void save(const std::string& path) const;  // atomically

    size_t size() const { return pieces_.size(); }
    const ModelPiece& piece(size_t id) const { return pieces_[id].value; }
    // -1 when absent.
    int32_t find(const std::string& piece) const;

    // trainer_spec.model_type: 1 unigram (also when unset), 2 BPE, 3 word, 4 char.
    int model_type() const { return model_type_; }
    bool is_bpe() const { return model_type_ == 2; }
    static const char* model_type_name(int type);

    // Appends normal pieces after the existing ones, in the given order, and returns the first new id.
    // The first gets a score above every existing piece's and each next one a lower score, so in BPE
    // encoding (which merges the highest-scoring adjacent pair first) a new piece wins every merge it
    // takes part in, earlier ones before later ones. Throws UsageError for empty or duplicate pieces.
    int32_t append_pieces(const std::vector<std::string>& pieces);

  private:
    struct Entry {
        ModelPiece value;
        std::string raw;  // the original message bytes; empty for appended pieces
    };
    struct Field {
        int number = 0;
        std::string raw;  // tag and payload as read
    };
    std::vector<Entry> pieces_;
    std::vector<Field> fields_;  // every field but the pieces, in file order
    size_t pieces_at_ = 0;       // where in fields_ the pieces are written back
    int model_type_ = 1;
};

}  // namespace ipt
