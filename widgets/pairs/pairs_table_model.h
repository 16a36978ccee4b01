#pragma once
// The pairs browser's table: one row per record of a pairs index that passes the filter and the search,
// filtered in the model from the index's summary columns (no record is parsed to filter it). Rows are
// appended while the index is still being built. Flags live in the index's summary and, by id, in a set
// the panel writes to the flags file.
#include <QAbstractTableModel>
#include <QString>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ipt/data/pairs_index.h"
#include "ipt/data/pairs_query.h"

class PairsTableModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    enum Column {
        LineColumn,
        IdColumn,
        TextColumn,
        PairsColumn,
        CharsColumn,
        MethodColumn,
        StatusColumn,
        FlagColumn,
        ColumnCount
    };
    enum Role { RecordRole = Qt::UserRole + 1, MalformedRole, FlaggedRole };

    explicit PairsTableModel(QObject* parent = nullptr);

    // Shows `index` (possibly still building) with no rows yet; updateRows() brings them in.
    void setIndex(std::shared_ptr<ipt::PairsIndex> index, std::set<std::string> flaggedIds);
    const std::shared_ptr<ipt::PairsIndex>& pairsIndex() const { return index_; }
    // Takes in the records the index made readable since the last call.
    void updateRows();

    // The filter's hits and pair_tokens pointers are ignored: the model owns those (setSearch,
    // setPairTokens).
    void setFilter(const ipt::PairsFilter& filter);
    const ipt::PairsFilter& filter() const { return filter_; }
    // An empty query shows every row; `hits` covers the records searched (those after it: no hit).
    void setSearch(const QString& query, std::shared_ptr<const std::vector<uint8_t>> hits);
    QString searchQuery() const { return query_; }
    void setPairTokens(std::shared_ptr<const std::vector<uint32_t>> tokens);
    const std::vector<uint32_t>* pairTokens() const { return pairTokens_.get(); }

    size_t recordAt(int row) const { return visible_[size_t(row)]; }
    int rowOfRecord(size_t record) const;  // -1 when filtered out
    const std::vector<uint32_t>& visibleRecords() const { return visible_; }

    bool isFlagged(size_t record) const;
    // Whether the record has an id to attach a flag to (malformed lines and records without one do not).
    bool canFlag(size_t record) const;
    // Sets the flag of every record sharing each record's id.
    void setFlagged(const std::vector<size_t>& records, bool flagged);
    const std::set<std::string>& flaggedIds() const { return flaggedIds_; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Sorting waits for the complete index (rows still arriving would each need a re-sort).
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

  signals:
    void flagsChanged();
    // After the visible rows were recomputed (filter, search) or grew.
    void rowsChanged();

  private:
    ipt::PairsFilter effectiveFilter() const;
    void refilter();
    void applySort();

    std::shared_ptr<ipt::PairsIndex> index_;
    std::vector<uint32_t> visible_;
    size_t known_ = 0;  // records of the index taken in so far
    ipt::PairsFilter filter_;
    QString query_;
    std::shared_ptr<const std::vector<uint8_t>> hits_;
    std::shared_ptr<const std::vector<uint32_t>> pairTokens_;
    std::set<std::string> flaggedIds_;
    bool flagsTouched_ = false;  // flags changed since the index was opened
    int sortColumn_ = -1;
    Qt::SortOrder sortOrder_ = Qt::AscendingOrder;
};
