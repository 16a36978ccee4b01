#include "pairs/search_highlight_delegate.h"

#include <QApplication>
#include <QPainter>
#include <QTextLayout>

SearchHighlightDelegate::SearchHighlightDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void SearchHighlightDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                    const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    if (query_.isEmpty() || !text.contains(query_, Qt::CaseInsensitive)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The background, selection and focus as usual, then the text with the hits marked.
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    rect.adjust(2, 0, -2, 0);
    const QString elided = opt.fontMetrics.elidedText(text, Qt::ElideRight, rect.width());
    QList<QTextLayout::FormatRange> ranges;
    QTextCharFormat hit;
    hit.setBackground(QColor(0xff, 0xeb, 0x3b));
    hit.setForeground(QColor(Qt::black));
    for (int at = elided.indexOf(query_, 0, Qt::CaseInsensitive); at >= 0;
         at = elided.indexOf(query_, at + query_.size(), Qt::CaseInsensitive))
        ranges.append({at, int(query_.size()), hit});

    QTextLayout layout(elided, opt.font);
    layout.setFormats(ranges);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setLineWidth(rect.width());
    layout.endLayout();
    painter->save();
    const bool selected = opt.state & QStyle::State_Selected;
    painter->setPen(
        opt.palette.color(QPalette::Normal, selected ? QPalette::HighlightedText : QPalette::Text));
    const qreal y = rect.top() + (rect.height() - line.height()) / 2.0;
    layout.draw(painter, QPointF(rect.left(), y));
    painter->restore();
}
