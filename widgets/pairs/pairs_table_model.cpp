#include "pairs/pairs_table_model.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <algorithm>
#include <string_view>
#include <unordered_set>

namespace {

constexpr size_t kPreviewChars = 160;
constexpr size_t kTooltipChars = 600;

std::string_view rawId(const ipt::PairsIndex& index, size_t record) {
    const ipt::PairsIndex::Summary& s = index.summary(record);
    return index.line(record).substr(s.id_begin, s.id_size);
}

}  // namespace

PairsTableModel::PairsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void PairsTableModel::setIndex(std::shared_ptr<ipt::PairsIndex> index, std::set<std::string> flaggedIds) {
    beginResetModel();
    index_ = std::move(index);
    flaggedIds_ = std::move(flaggedIds);
    flagsTouched_ = false;
    visible_.clear();
    known_ = 0;
    query_.clear();
    hits_.reset();
    pairTokens_.reset();
    sortColumn_ = -1;
    endResetModel();
    emit rowsChanged();
}

void PairsTableModel::updateRows() {
    if (!index_) return;
    const size_t available = index_->size();
    if (available <= known_) return;
    if (flagsTouched_) {
        // Flags set while the index was being built also hold for records indexed after that.
        for (size_t record = known_; record < available; ++record)
            if (index_->summary(record).has_id())
                index_->set_flagged(record, flaggedIds_.count(index_->id(record)) > 0);
    }
    const std::vector<uint32_t> added = ipt::select_pairs_rows(*index_, effectiveFilter(), known_, available);
    known_ = available;
    if (added.empty()) return;
    if (sortColumn_ >= 0) {
        // Only reachable once complete(): a late call after sorting re-sorts everything.
        beginResetModel();
        visible_.insert(visible_.end(), added.begin(), added.end());
        applySort();
        endResetModel();
    } else {
        beginInsertRows(QModelIndex(), int(visible_.size()), int(visible_.size() + added.size() - 1));
        visible_.insert(visible_.end(), added.begin(), added.end());
        endInsertRows();
    }
    emit rowsChanged();
}

void PairsTableModel::setFilter(const ipt::PairsFilter& filter) {
    filter_ = filter;
    filter_.hits = nullptr;
    filter_.pair_tokens = nullptr;
    refilter();
}

void PairsTableModel::setSearch(const QString& query, std::shared_ptr<const std::vector<uint8_t>> hits) {
    query_ = query;
    hits_ = query.isEmpty() ? nullptr : std::move(hits);
    refilter();
}

void PairsTableModel::setPairTokens(std::shared_ptr<const std::vector<uint32_t>> tokens) {
    pairTokens_ = std::move(tokens);
    if (filter_.pair_length_on) refilter();
}

ipt::PairsFilter PairsTableModel::effectiveFilter() const {
    ipt::PairsFilter filter = filter_;
    filter.hits = hits_ ? hits_.get() : nullptr;
    if (!query_.isEmpty() && !hits_) {
        // A search without results yet shows nothing rather than everything.
        static const std::vector<uint8_t> none;
        filter.hits = &none;
    }
    filter.pair_tokens = pairTokens_.get();
    return filter;
}

void PairsTableModel::refilter() {
    beginResetModel();
    visible_ =
        index_ ? ipt::select_pairs_rows(*index_, effectiveFilter(), 0, known_) : std::vector<uint32_t>();
    applySort();
    endResetModel();
    emit rowsChanged();
}

int PairsTableModel::rowOfRecord(size_t record) const {
    if (sortColumn_ < 0) {
        auto it = std::lower_bound(visible_.begin(), visible_.end(), uint32_t(record));
        return it != visible_.end() && *it == record ? int(it - visible_.begin()) : -1;
    }
    auto it = std::find(visible_.begin(), visible_.end(), uint32_t(record));
    return it == visible_.end() ? -1 : int(it - visible_.begin());
}

bool PairsTableModel::isFlagged(size_t record) const {
    return index_ && record < index_->size() && index_->summary(record).flagged;
}

bool PairsTableModel::canFlag(size_t record) const {
    return index_ && record < index_->size() && index_->summary(record).has_id() &&
           !index_->summary(record).malformed();
}

void PairsTableModel::setFlagged(const std::vector<size_t>& records, bool flagged) {
    if (!index_) return;
    // Flags belong to ids: every record with the same id follows, found in one pass over the index.
    std::unordered_set<std::string_view> ids;
    for (size_t record : records) {
        if (!canFlag(record)) continue;
        ids.insert(rawId(*index_, record));
        const std::string id = index_->id(record);
        if (flagged)
            flaggedIds_.insert(id);
        else
            flaggedIds_.erase(id);
    }
    if (ids.empty()) return;
    flagsTouched_ = true;
    for (size_t record = 0; record < known_; ++record) {
        const ipt::PairsIndex::Summary& s = index_->summary(record);
        if (s.has_id() && !s.malformed() && ids.count(rawId(*index_, record)))
            index_->set_flagged(record, flagged);
    }
    if (filter_.flag != ipt::PairsFilter::Flag::Any) {
        refilter();
    } else if (!visible_.empty()) {
        emit dataChanged(QAbstractTableModel::index(0, 0),
                         QAbstractTableModel::index(rowCount() - 1, ColumnCount - 1),
                         {Qt::DisplayRole, Qt::BackgroundRole, FlaggedRole});
    }
    emit flagsChanged();
}

int PairsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(visible_.size());
}

int PairsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairsTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !index_ || size_t(index.row()) >= visible_.size()) return {};
    const size_t record = visible_[size_t(index.row())];
    const ipt::PairsIndex::Summary& s = index_->summary(record);
    switch (role) {
        case RecordRole:
            return QVariant::fromValue<qulonglong>(record);
        case MalformedRole:
            return s.malformed();
        case FlaggedRole:
            return s.flagged;
        case Qt::TextAlignmentRole:
            if (index.column() == LineColumn || index.column() == PairsColumn ||
                index.column() == CharsColumn)
                return int(Qt::AlignRight | Qt::AlignVCenter);
            if (index.column() == FlagColumn) return int(Qt::AlignCenter);
            return {};
        case Qt::ForegroundRole:
            if (s.malformed()) return QBrush(QColor(0x9c, 0x1c, 0x1c));
            return {};
        case Qt::BackgroundRole:
            if (s.flagged) return QBrush(QColor(0xff, 0xf1, 0xc4));
            return {};
        case Qt::ToolTipRole:
            if (index.column() != TextColumn) return {};
            if (s.malformed())
                return tr("Line %1 is not a pairs record: %2")
                    .arg(s.line)
                    .arg(QString::fromStdString(index_->problem(record)));
            return QString::fromStdString(index_->text_preview(record, kTooltipChars));
        case Qt::DisplayRole:
            break;
        default:
            return {};
    }
    switch (index.column()) {
        case LineColumn:
            return QVariant::fromValue<uint>(s.line);
        case IdColumn:
            return QString::fromStdString(index_->id(record));
        case TextColumn:
            if (s.malformed())
                return tr("malformed line: %1").arg(QString::fromStdString(index_->problem(record)));
            return QString::fromStdString(index_->text_preview(record, kPreviewChars));
        case PairsColumn:
            return s.malformed() ? QVariant() : QVariant::fromValue<uint>(s.pairs);
        case CharsColumn:
            return s.malformed() ? QVariant() : QVariant::fromValue<uint>(s.text_chars);
        case MethodColumn:
            return QString::fromLatin1(ipt::pairs_method_name(s.method));
        case StatusColumn:
            return s.malformed() ? tr("malformed") : QString::fromLatin1(ipt::pairs_status_name(s.status));
        case FlagColumn:
            return s.flagged ? QStringLiteral("\u2691") : QString();
    }
    return {};
}

QVariant PairsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case LineColumn:
                return tr("Line number in the pairs file");
            case PairsColumn:
                return tr("Question–answer pairs of the record");
            case CharsColumn:
                return tr("Length of the text in characters");
            case FlagColumn:
                return tr("Flagged records (F toggles the flag)");
            default:
                return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case LineColumn:
            return tr("Line");
        case IdColumn:
            return tr("ID");
        case TextColumn:
            return tr("Text");
        case PairsColumn:
            return tr("Pairs");
        case CharsColumn:
            return tr("Length");
        case MethodColumn:
            return tr("Method");
        case StatusColumn:
            return tr("Status");
        case FlagColumn:
            return tr("Flag");
    }
    return {};
}

void PairsTableModel::sort(int column, Qt::SortOrder order) {
    if (!index_ || !index_->complete() || column == TextColumn) return;
    // File order is what the rows are in already: no reset, so the selection stays.
    if (column == LineColumn && order == Qt::AscendingOrder && sortColumn_ < 0) return;
    beginResetModel();
    sortColumn_ = column;
    sortOrder_ = order;
    applySort();
    endResetModel();
    emit rowsChanged();
}

void PairsTableModel::applySort() {
    if (!index_) return;
    if (sortColumn_ < 0 || sortColumn_ == LineColumn) {
        // File order is the natural order; descending line order is its reverse.
        std::sort(visible_.begin(), visible_.end());
        if (sortColumn_ == LineColumn && sortOrder_ == Qt::DescendingOrder)
            std::reverse(visible_.begin(), visible_.end());
        // Ascending line order is no sort at all: rowOfRecord() may then search by bisection.
        if (sortColumn_ == LineColumn && sortOrder_ == Qt::AscendingOrder) sortColumn_ = -1;
        return;
    }
    const ipt::PairsIndex& index = *index_;
    auto key = [&](uint32_t record) -> uint64_t {
        const ipt::PairsIndex::Summary& s = index.summary(record);
        switch (sortColumn_) {
            case PairsColumn:
                return s.pairs;
            case CharsColumn:
                return s.text_chars;
            case MethodColumn:
                return uint64_t(s.method);
            case StatusColumn:
                return uint64_t(s.status);
            case FlagColumn:
                return s.flagged ? 1 : 0;
            default:
                return 0;
        }
    };
    const bool descending = sortOrder_ == Qt::DescendingOrder;
    if (sortColumn_ == IdColumn) {
        std::vector<std::pair<std::string, uint32_t>> ids;
        ids.reserve(visible_.size());
        for (uint32_t record : visible_) ids.emplace_back(index.id(record), record);
        std::stable_sort(ids.begin(), ids.end(), [descending](const auto& a, const auto& b) {
            return descending ? b.first < a.first : a.first < b.first;
        });
        for (size_t i = 0; i < ids.size(); ++i) visible_[i] = ids[i].second;
        return;
    }
    std::stable_sort(visible_.begin(), visible_.end(),
                     [&](uint32_t a, uint32_t b) { return descending ? key(b) < key(a) : key(a) < key(b); });
}
