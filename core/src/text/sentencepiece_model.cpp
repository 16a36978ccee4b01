#include "ipt/text/sentencepiece_model.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "ipt/common/atomic_file.h"
#include "ipt/common/error.h"

namespace ipt {
namespace {

// The protobuf wire format, as much of it as ModelProto uses.
enum WireType { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 };

class WireReader {
  public:
    WireReader(const std::string& data, size_t begin, size_t end, const std::string& where)
        : data_(data), pos_(begin), end_(end), where_(where) {}
    bool done() const { return pos_ >= end_; }
    size_t pos() const { return pos_; }

    uint64_t varint() {
        uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= end_) fail("truncated varint");
            const auto byte = static_cast<uint8_t>(data_[pos_++]);
            value |= uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return value;
        }
        fail("varint longer than 10 bytes");
    }
    // Reads a field header; the payload follows at pos().
    void tag(int* number, int* wire) {
        const uint64_t t = varint();
        *number = static_cast<int>(t >> 3);
        *wire = static_cast<int>(t & 7);
        if (*number == 0) fail("field number 0");
    }
    // Skips the payload of a field of type `wire`; returns [begin, end) of a length-delimited payload.
    std::pair<size_t, size_t> skip(int wire) {
        switch (wire) {
            case Varint:
                varint();
                return {pos_, pos_};
            case Fixed64:
                advance(8);
                return {pos_, pos_};
            case Fixed32:
                advance(4);
                return {pos_, pos_};
            case Bytes: {
                const uint64_t length = varint();
                if (length > end_ - pos_) fail("length-delimited field runs past its end");
                const size_t begin = pos_;
                pos_ += length;
                return {begin, pos_};
            }
            default:
                fail("unsupported wire type " + std::to_string(wire));
        }
    }
    float fixed32_float() {
        if (end_ - pos_ < 4) fail("truncated float");
        uint32_t bits = 0;
        for (int i = 0; i < 4; ++i) bits |= uint32_t(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
        pos_ += 4;
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw FileError(where_, "not a SentencePiece model: " + what + " at byte " + std::to_string(pos_));
    }

  private:
    void advance(size_t n) {
        if (end_ - pos_ < n) fail("truncated fixed-width field");
        pos_ += n;
    }
    const std::string& data_;
    size_t pos_, end_;
    const std::string& where_;
};

void put_varint(std::string* out, uint64_t value) {
    while (value >= 0x80) {
        out->push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out->push_back(static_cast<char>(value));
}

void put_tag(std::string* out, int number, int wire) {
    put_varint(out, (uint64_t(number) << 3) | uint64_t(wire));
}

std::string encode_piece(const ModelPiece& p) {
    std::string body;
    put_tag(&body, 1, Bytes);
    put_varint(&body, p.piece.size());
    body += p.piece;
    put_tag(&body, 2, Fixed32);
    uint32_t bits;
    std::memcpy(&bits, &p.score, 4);
    for (int i = 0; i < 4; ++i) body.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
    if (p.type != PieceType::Normal) {  // NORMAL is the field's default
        put_tag(&body, 3, Varint);
        put_varint(&body, static_cast<uint64_t>(p.type));
    }
    std::string out;
    put_tag(&out, 1, Bytes);
    put_varint(&out, body.size());
    return out + body;
}

ModelPiece decode_piece(const std::string& data, size_t begin, size_t end, const std::string& where) {
    ModelPiece p;
    WireReader r(data, begin, end, where);
    while (!r.done()) {
        int number, wire;
        r.tag(&number, &wire);
        if (number == 1 && wire == Bytes) {
            auto [b, e] = r.skip(wire);
            p.piece = data.substr(b, e - b);
        } else if (number == 2 && wire == Fixed32) {
            p.score = r.fixed32_float();
        } else if (number == 3 && wire == Varint) {
            const uint64_t type = r.varint();
            if (type < 1 || type > 6) r.fail("unknown piece type " + std::to_string(type));
            p.type = static_cast<PieceType>(type);
        } else {
            r.skip(wire);
        }
    }
    return p;
}

// trainer_spec.model_type (field 3); unset means UNIGRAM.
int read_model_type(const std::string& data, size_t begin, size_t end, const std::string& where) {
    int type = 1;
    WireReader r(data, begin, end, where);
    while (!r.done()) {
        int number, wire;
        r.tag(&number, &wire);
        if (number == 3 && wire == Varint)
            type = static_cast<int>(r.varint());
        else
            r.skip(wire);
    }
    return type;
}

}  // namespace

SentencePieceModel SentencePieceModel::parse(const std::string& bytes, const std::string& where) {
    SentencePieceModel m;
    WireReader r(bytes, 0, bytes.size(), where);
    bool pieces_placed = false;
    while (!r.done()) {
        const size_t start = r.pos();
        int number, wire;
        r.tag(&number, &wire);
        auto [begin, end] = r.skip(wire);
        if (number == 1) {
            if (wire != Bytes) r.fail("a piece that is not a message");
            m.pieces_.push_back(
                {decode_piece(bytes, begin, end, where), bytes.substr(start, r.pos() - start)});
            if (!pieces_placed) m.pieces_at_ = m.fields_.size();
            pieces_placed = true;
            continue;
        }
        if (number == 2 && wire == Bytes) m.model_type_ = read_model_type(bytes, begin, end, where);
        m.fields_.push_back({number, bytes.substr(start, r.pos() - start)});
    }
    if (m.pieces_.empty()) throw FileError(where, "not a SentencePiece model: it has no pieces");
    return m;
}

SentencePieceModel SentencePieceModel::read(const std::string& path) {
    return parse(read_text_file(path), path);
}

std::string SentencePieceModel::serialize() const {
    std::string out;
    for (size_t i = 0; i <= fields_.size(); ++i) {
        if (i == pieces_at_)
            for (const auto& e : pieces_) out += e.raw.empty() ? encode_piece(e.value) : e.raw;
        if (i < fields_.size()) out += fields_[i].raw;
    }
    return out;
}

void SentencePieceModel::save(const std::string& path) const {
    write_file_atomically(path, serialize());
}

int32_t SentencePieceModel::find(const std::string& piece) const {
    for (size_t i = 0; i < pieces_.size(); ++i)
        if (pieces_[i].value.piece == piece) return static_cast<int32_t>(i);
    return -1;
}

const char* SentencePieceModel::model_type_name(int type) {
    switch (type) {
        case 1:
            return "Unigram";
        case 2:
            return "BPE";
        case 3:
            return "word";
        case 4:
            return "char";
        default:
            return "unknown";
    }
}

int32_t SentencePieceModel::append_pieces(const std::vector<std::string>& pieces) {
    std::unordered_set<std::string> seen;
    float top = 0;
    for (const auto& e : pieces_) {
        seen.insert(e.value.piece);
        top = std::max(top, e.value.score);
    }
    const auto first = static_cast<int32_t>(pieces_.size());
    for (size_t i = 0; i < pieces.size(); ++i) {
        const std::string& p = pieces[i];
        if (p.empty()) throw UsageError("cannot add an empty piece to a SentencePiece model");
        if (!seen.insert(p).second)
            throw UsageError("piece '" + p + "' is already in the SentencePiece model");
        ModelPiece added{p, top + float(pieces.size() - i), PieceType::Normal};
        pieces_.push_back({added, {}});
    }
    return first;
}

}  // namespace ipt
