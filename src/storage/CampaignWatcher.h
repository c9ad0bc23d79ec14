#pragma once

#include <QObject>
#include <QSet>
#include <QThread>
#include <QTimer>

namespace Handoff {

class Database;
class WatcherConnection;

// Tells an open window that a campaign changed, wherever the change came from: another
// manager's action, a texting backend's message events, an import by handoff-cli.
//
// It keeps a connection of its own to the store that `db` names, on a thread of its
// own, so that a slow or vanished server never stalls the window. On PostgreSQL it
// LISTENs on "handoff_campaign", which triggers NOTIFY inside every writing
// transaction (schema 4), and reports within a fraction of a second. On SQLite it
// polls PRAGMA data_version, which changes when any other connection commits, and
// reports every watched campaign within about a second (SQLite cannot say which).
class CampaignWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CampaignWatcher)

public:
    explicit CampaignWatcher(const Database& db, QObject* parent = nullptr);
    ~CampaignWatcher() override;

    // The campaigns campaignChanged() reports; changes to others reach storeChanged() only.
    void watch(qint64 campaignId);
    void unwatch(qint64 campaignId);
    QSet<qint64> watchedCampaigns() const { return m_watched; }

    // How often SQLite is polled and a PostgreSQL connection is checked (default 1000 ms).
    void setPollInterval(int ms);
    // Changes to one campaign within this time make one campaignChanged() (PostgreSQL:
    // 250 ms by default), so that a backend sending events many times a second does not
    // flood the window.
    void setCoalesceInterval(int ms) { m_flush.setInterval(ms); }

    // Whether the watcher's own connection is open and listening.
    bool isConnected() const { return m_connected; }

signals:
    void campaignChanged(qint64 campaignId);
    // Anything in the store changed (a campaign created, renamed, archived, any change
    // at all on SQLite): for the campaign chooser.
    void storeChanged();
    // The watcher's connection failed; it tries again every poll interval.
    void connectionLost(const QString& message);
    // Back after connectionLost(); changes made meanwhile were missed, so
    // campaignChanged() follows for every watched campaign.
    void connectionRestored();

private:
    void onNotified(qint64 campaignId);
    void onAnyChange();
    void onConnected();
    void onLost(const QString& message);
    void flush();

    QThread m_thread;
    WatcherConnection* m_connection;
    QTimer m_flush;
    QSet<qint64> m_watched;
    QSet<qint64> m_pending;
    bool m_anyPending = false;
    bool m_connected = false;
    bool m_wasLost = false;
};

} // namespace Handoff
