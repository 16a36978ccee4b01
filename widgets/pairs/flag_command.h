#pragma once
// Flagging or unflagging records as one undoable step: undo puts back each record's flag as it was.
#include <QCoreApplication>
#include <QUndoCommand>

#include <vector>

class PairsTableModel;

class FlagCommand : public QUndoCommand {
    Q_DECLARE_TR_FUNCTIONS(FlagCommand)

  public:
    FlagCommand(PairsTableModel* model, std::vector<size_t> records, bool flagged);

    void redo() override;
    void undo() override;

  private:
    PairsTableModel* model_;
    std::vector<size_t> records_;
    std::vector<bool> before_;
    bool flagged_;
};
