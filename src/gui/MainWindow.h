#pragma once

#include <QMainWindow>

#include <memory>

class QAction;
class QComboBox;
class QTabWidget;

namespace Handoff {

class ConversationsTab;
class Database;
class ReassignmentController;

// The window: campaign chooser, the Conversations, Senders and History tabs, menus,
// toolbar and status bar. Owns the store connection of the UI thread.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(std::unique_ptr<Database> db, QWidget* parent = nullptr);
    ~MainWindow() override;

    ConversationsTab* conversationsTab() const { return m_conversationsTab; }
    qint64 currentCampaignId() const;
    void selectCampaign(qint64 campaignId);
    // Reads the campaign list again, keeping the chosen campaign when it is still there.
    void reloadCampaigns();

    // For a first run on an empty store: asks whether to build the demo campaign.
    void offerDemoCampaign();
    void createDemoCampaign();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void campaignChosen();
    QString settingsKey() const;

    std::unique_ptr<Database> m_db;
    ReassignmentController* m_controller = nullptr;
    QComboBox* m_campaignCombo = nullptr;
    QTabWidget* m_tabs = nullptr;
    ConversationsTab* m_conversationsTab = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_demoAction = nullptr;
};

} // namespace Handoff
