#pragma once

#include <QObject>

#include <functional>

class QTimer;

namespace Handoff {

class CampaignWatcher;
class Database;

// What other managers, handoff-cli and the texting backend change, brought to a window
// at a moment that does not confuse its user. The watcher reports changes; they wait
// here as "stale" until nothing of the window is in the way (a dialog, a progress
// dialog, background work), are retried every quarter second until then, and are then
// asked for once: reloadCampaigns() for the store's campaign list, refreshCampaign() for
// the campaign shown. While the store is out of reach the window is offline: no reads,
// which would each wait for a connect timeout, until the watcher is back.
class LiveRefresh final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveRefresh)

public:
    // busy says whether something of the window is in the way of a refresh now.
    LiveRefresh(Database& db, std::function<bool()> busy, QObject* parent);

    CampaignWatcher* watcher() const { return m_watcher; }
    bool isOffline() const { return m_offline; }

    // The campaign the window shows: its changes are the ones that refresh it.
    void watchCampaign(qint64 campaignId);

    // Shows what waits, or tries again soon if the window is in the way.
    void apply();

signals:
    void reloadCampaigns();
    void refreshCampaign();
    void wentOffline(const QString& message);
    void backOnline();

private:
    void connectionLost(const QString& message);
    void connectionRestored();

    Database& m_db;
    std::function<bool()> m_busy;
    CampaignWatcher* m_watcher = nullptr;
    QTimer* m_retry = nullptr;
    qint64 m_watched = 0;
    bool m_campaignStale = false;
    bool m_storeStale = false;
    bool m_offline = false;
};

} // namespace Handoff
