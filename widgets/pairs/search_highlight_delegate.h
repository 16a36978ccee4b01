#pragma once
// Draws a table cell's text with every occurrence of the search query highlighted, so the rows a search
// found show why.
#include <QString>
#include <QStyledItemDelegate>

class SearchHighlightDelegate : public QStyledItemDelegate {
    Q_OBJECT

  public:
    explicit SearchHighlightDelegate(QObject* parent = nullptr);

    void setQuery(const QString& query) { query_ = query; }
    QString query() const { return query_; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

  private:
    QString query_;
};
