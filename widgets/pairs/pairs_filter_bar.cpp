#include "pairs/pairs_filter_bar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include <algorithm>
#include <climits>

namespace {

constexpr int kNoLimit = -1;

uint32_t bit(ipt::PairsMethod method) {
    return 1u << unsigned(method);
}

uint32_t bit(ipt::PairsStatus status) {
    return 1u << unsigned(status);
}

// A bound of a range; an upper bound starts at -1, shown as "any", for no limit.
QSpinBox* rangeBox(QWidget* parent, const QString& name, bool upper, const QString& tooltip) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(upper ? kNoLimit : 0, INT_MAX);
    box->setValue(upper ? kNoLimit : 0);
    if (upper) box->setSpecialValueText(PairsFilterBar::tr("any"));
    box->setToolTip(tooltip);
    box->setAccelerated(true);
    return box;
}

uint32_t upperBound(const QSpinBox* box) {
    return box->value() == kNoLimit ? UINT32_MAX : uint32_t(box->value());
}

}  // namespace

PairsFilterBar::PairsFilterBar(QWidget* parent) : QWidget(parent) {
    method_ = new QComboBox(this);
    method_->setObjectName("methodFilter");
    method_->addItem(tr("Any method"), ~0u);
    method_->addItem(tr("synthesizer"), bit(ipt::PairsMethod::Synthesizer));
    method_->addItem(tr("rules"), bit(ipt::PairsMethod::Rules));
    method_->addItem(tr("other or none"), bit(ipt::PairsMethod::Other) | bit(ipt::PairsMethod::Missing));

    status_ = new QComboBox(this);
    status_->setObjectName("statusFilter");
    status_->addItem(tr("Any status"), ~0u);
    // The record statuses as the files spell them (and the table's Status column shows them): core's
    // one table of names.
    for (ipt::PairsStatus status :
         {ipt::PairsStatus::Ok, ipt::PairsStatus::NoPairs, ipt::PairsStatus::EmptyText,
          ipt::PairsStatus::Truncated, ipt::PairsStatus::MalformedInput})
        status_->addItem(QString::fromLatin1(ipt::pairs_status_name(status)), bit(status));
    status_->addItem(tr("other status"), bit(ipt::PairsStatus::Other));
    status_->addItem(tr("Malformed lines"), bit(ipt::PairsStatus::MalformedLine));
    status_->addItem(tr("Well-formed records"), ~0u & ~bit(ipt::PairsStatus::MalformedLine));

    flag_ = new QComboBox(this);
    flag_->setObjectName("flagFilter");
    flag_->addItem(tr("Flagged or not"), int(ipt::PairsFilter::Flag::Any));
    flag_->addItem(tr("Flagged"), int(ipt::PairsFilter::Flag::Flagged));
    flag_->addItem(tr("Not flagged"), int(ipt::PairsFilter::Flag::Unflagged));

    minPairs_ = rangeBox(this, "minPairs", false, tr("Fewest pairs per text"));
    maxPairs_ = rangeBox(this, "maxPairs", true, tr("Most pairs per text"));
    minChars_ = rangeBox(this, "minChars", false, tr("Shortest text, in characters"));
    maxChars_ = rangeBox(this, "maxChars", true, tr("Longest text, in characters"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(method_);
    layout->addWidget(status_);
    layout->addWidget(flag_);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Pairs:"), this));
    layout->addWidget(minPairs_);
    layout->addWidget(new QLabel(tr("to"), this));
    layout->addWidget(maxPairs_);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("Length:"), this));
    layout->addWidget(minChars_);
    layout->addWidget(new QLabel(tr("to"), this));
    layout->addWidget(maxChars_);
    layout->addStretch(1);

    auto changed = [this] {
        if (!quiet_) emit filtersChanged();
    };
    for (QComboBox* box : {method_, status_, flag_})
        connect(box, qOverload<int>(&QComboBox::currentIndexChanged), this, changed);
    for (QSpinBox* box : {minPairs_, maxPairs_, minChars_, maxChars_})
        connect(box, qOverload<int>(&QSpinBox::valueChanged), this, changed);
}

ipt::PairsFilter PairsFilterBar::filter() const {
    ipt::PairsFilter filter;
    filter.methods = method_->currentData().toUInt();
    filter.statuses = status_->currentData().toUInt();
    filter.flag = ipt::PairsFilter::Flag(flag_->currentData().toInt());
    filter.min_pairs = uint32_t(minPairs_->value());
    filter.max_pairs = upperBound(maxPairs_);
    filter.min_chars = uint32_t(minChars_->value());
    filter.max_chars = upperBound(maxChars_);
    return filter;
}

void PairsFilterBar::setPairsRange(uint32_t low, uint32_t high) {
    quiet_ = true;
    minPairs_->setValue(int(std::min<uint32_t>(low, INT_MAX)));
    maxPairs_->setValue(high >= uint32_t(INT_MAX) ? kNoLimit : int(high));
    quiet_ = false;
    emit filtersChanged();
}

void PairsFilterBar::reset() {
    quiet_ = true;
    for (QComboBox* box : {method_, status_, flag_}) box->setCurrentIndex(0);
    minPairs_->setValue(0);
    maxPairs_->setValue(kNoLimit);
    minChars_->setValue(0);
    maxChars_->setValue(kNoLimit);
    quiet_ = false;
    emit filtersChanged();
}
