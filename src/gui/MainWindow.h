#pragma once

#include "core/Campaign.h"

#include <QMainWindow>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QTimer;

namespace Handoff {

namespace Ui {
class MainWindow;
}
class CampaignFiles;
class CampaignWatcher;
class ConversationsTab;
class Database;
class HistoryTab;
class JobRunner;
class LiveRefresh;
class PulseTab;
class ReassignmentController;
class RulesTab;
class SendersTab;
class StoreFiles;

// The window: campaign chooser, the Conversations, Senders, History and Pulse tabs (or the
// welcome page while the store has no campaign), menus, toolbar and status bar.
// Owns the store connection of the UI thread; long work gets its own connection on
// a worker thread.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(std::unique_ptr<Database> db, QWidget* parent = nullptr);
    ~MainWindow() override;

    ConversationsTab* conversationsTab() const { return m_conversationsTab; }
    SendersTab* sendersTab() const { return m_sendersTab; }
    HistoryTab* historyTab() const { return m_historyTab; }
    PulseTab* pulseTab() const { return m_pulseTab; }
    RulesTab* rulesTab() const { return m_rulesTab; }
    qint64 currentCampaignId() const;
    void selectCampaign(qint64 campaignId);
    // Reads the campaign list again, keeping the chosen campaign when it is still there.
    void reloadCampaigns();
    // Whether the welcome page shows instead of the tabs: the store has no campaign.
    bool isWelcoming() const;

    // Every dialog of the window and its tabs runs through runner.
    // Import, export or demo work is running on a worker thread.
    bool isBusy() const;
    // Tells the window what others change in the store; tests reach it here.
    CampaignWatcher* campaignWatcher() const;
    // The watcher lost its connection to the store: actions that would fail are off.
    bool isOffline() const;

    // The name the history records for this manager's actions: set in Edit ▸ Manager
    // Name…, else the database role on a team server (who the server knows), else the
    // login name.
    static QString managerName(const QString& role = QString());

    // Asks for a name and creates the campaign; returns it when created.
    std::optional<qint64> newCampaign();
    void archiveCampaign();
    void unarchiveCampaign();
    void editManagerName();
    void editLanguage();
    // File ▸ Connect to Server…: the team's PostgreSQL server, typed in or remembered.
    void connectToServer();
    // File ▸ Open Local Store: back to the SQLite file in the user's data directory.
    void openLocalStore();

signals:
    // The window moved to another store: next shows it and this window closes.
    void storeSwitched(Handoff::MainWindow* next);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createTabs();
    void setUpActions();
    void setUpMenus();
    void campaignChosen();
    // Read-only or not, notice, actions: what the chosen campaign's state decides.
    void applyCampaignState();
    void updateActions();
    // Imports, exports, the demo and backups report here and change what they changed.
    void connectFiles();
    void showStatus(const QString& message);
    std::optional<Campaign> currentCampaign() const;
    QString settingsKey() const;
    // Whether a live refresh now would pull the window from under its user.
    bool liveRefreshWouldConfuse() const;
    void connectionLost(const QString& message);
    void connectionRestored();
    // Opens a window on db in place of this one, as the store the window starts with next time.
    void switchTo(std::unique_ptr<Database> db, const QString& notice);

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<Database> m_db;
    ReassignmentController* m_controller = nullptr;
    // Imports, exports, the demo, backup and restore: one at a time, on a worker thread.
    JobRunner* m_jobs = nullptr;
    CampaignFiles* m_files = nullptr;
    StoreFiles* m_storeFiles = nullptr;
    LiveRefresh* m_live = nullptr;
    // The window shows the SQLite file in the user's data directory.
    bool m_onLocalStore = false;

    QComboBox* m_campaignCombo = nullptr;
    ConversationsTab* m_conversationsTab = nullptr;
    SendersTab* m_sendersTab = nullptr;
    HistoryTab* m_historyTab = nullptr;
    PulseTab* m_pulseTab = nullptr;
    RulesTab* m_rulesTab = nullptr;
    QLabel* m_managerLabel = nullptr;
    QLabel* m_connectionLabel = nullptr;
};

} // namespace Handoff
