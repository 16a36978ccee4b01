#include "pairs/flag_command.h"

#include "pairs/pairs_table_model.h"

FlagCommand::FlagCommand(PairsTableModel* model, std::vector<size_t> records, bool flagged)
    : model_(model), records_(std::move(records)), flagged_(flagged) {
    for (size_t record : records_) before_.push_back(model_->isFlagged(record));
    const int count = int(records_.size());
    setText(flagged ? tr("Flag %n record(s)", nullptr, count) : tr("Unflag %n record(s)", nullptr, count));
}

void FlagCommand::redo() {
    model_->setFlagged(records_, flagged_);
}

void FlagCommand::undo() {
    std::vector<size_t> wereFlagged, wereNot;
    for (size_t i = 0; i < records_.size(); ++i) (before_[i] ? wereFlagged : wereNot).push_back(records_[i]);
    if (!wereFlagged.empty()) model_->setFlagged(wereFlagged, true);
    if (!wereNot.empty()) model_->setFlagged(wereNot, false);
}
