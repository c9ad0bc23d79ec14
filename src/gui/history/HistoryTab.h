#pragma once

#include "gui/reassign/BackgroundReassignment.h"
#include "core/Outcome.h"
#include "core/Reassignment.h"

#include <QWidget>

#include <memory>
#include <optional>

class QAction;

namespace Handoff {

namespace Ui {
class HistoryTab;
}
class Database;
class HistoryMoveTableModel;
class HistoryTableModel;
class ReassignmentController;

// Every action of the campaign, newest first; the selected one's conversations, from
// whom to whom. Undo works like an undo stack that survives a restart: it reads the
// stored history, so the last action can be undone tomorrow, and so can an older one.
class HistoryTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryTab)

public:
    HistoryTab(Database& db, ReassignmentController& controller, QWidget* parent = nullptr);
    ~HistoryTab() override;

    qint64 campaignId() const { return m_campaignId; }
    void setCampaign(qint64 campaignId);
    // An archived campaign: the history shows, nothing is undone.
    void setReadOnly(bool readOnly);
    // Reads the history again, now when shown, else when next shown.
    void refresh();

    std::optional<qint64> selectedActionId() const;
    void selectAction(qint64 actionId);

    QAction* undoSelectedAction() const;
    // Puts the window's history export beside Undo, where the history is.
    void setExportAction(QAction* action);

    // Undoes the campaign's newest action not undone yet (Edit ▸ Undo, Ctrl+Z).
    void undoLast();
    // Undoes the selected action, whatever came after it.
    void undoSelected();

    // Undoes of at least this many conversations run on a worker thread.
    void setBackgroundThreshold(int conversations);
    bool isBusy() const { return m_busy; }

    // What an undo did, for a person: how many came back and why the others did not.
    static QString undoSummary(const ReassignResult& result);

signals:
    void statusMessage(const QString& message);
    // An undo moved conversations: counts elsewhere are stale.
    void campaignDataChanged();
    // An undo runs on a worker: the window must neither close nor start other work.
    void busyChanged(bool busy);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void reload();
    void showMoves();
    void updateActions();
    void startUndo(int moves, const BackgroundReassignment::Call& undo, bool explicitChoice);
    void finishUndo(const Outcome<ReassignResult>& outcome, bool explicitChoice);
    void setBusy(bool busy);

    std::unique_ptr<Ui::HistoryTab> m_ui;
    Database& m_db;
    ReassignmentController& m_controller;
    qint64 m_campaignId = 0;
    bool m_readOnly = false;
    bool m_stale = false;
    bool m_busy = false;
    int m_backgroundThreshold = BackgroundReassignment::DefaultThreshold;

    HistoryTableModel* m_model = nullptr;
    HistoryMoveTableModel* m_moves = nullptr;
};

} // namespace Handoff
