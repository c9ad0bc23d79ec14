#include "storage/CampaignWatcher.h"

#include "storage/Database.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>
#include <memory>
#include <utility>

namespace Handoff {

namespace {
const QString Channel = QStringLiteral("handoff_campaign");
// A PostgreSQL connection is asked to answer every this many polls, to notice a
// server that went away without closing the socket.
constexpr int PingEvery = 5;
} // namespace

// The watcher's connection, living on the watcher's thread: every blocking call
// (connecting, polling) happens there.
class WatcherConnection final : public QObject
{
    Q_OBJECT

public:
    explicit WatcherConnection(QString url)
        : m_url(std::move(url))
    { }

    void start()
    {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_pollMs);
        connect(m_timer, &QTimer::timeout, this, &WatcherConnection::poll);
        open();
        m_timer->start();
    }

    void stop()
    {
        delete m_timer;
        m_timer = nullptr;
        m_db.reset();
    }

    void setPollInterval(int ms)
    {
        m_pollMs = ms;
        if (m_timer)
            m_timer->setInterval(ms);
    }

signals:
    void notified(qint64 campaignId);
    void anyChange();
    void connected();
    void lost(const QString& message);

private:
    void open()
    {
        auto db = Database::openUnmigrated(m_url);
        if (!db) {
            fail(db.error());
            return;
        }
        m_db = std::move(*db);
        if (m_db->dialect() == Database::Dialect::Postgres) {
            QSqlDriver* driver = m_db->connection().driver();
            // Admins see the window's listener apart from its working connection.
            if (!m_db->exec(QStringLiteral("SET application_name = 'handoff-watcher'"))
                || !driver->subscribeToNotification(Channel)) {
                const QString error
                    = m_db->lastError().isEmpty() ? driver->lastError().text() : m_db->lastError();
                m_db.reset();
                fail(error);
                return;
            }
            connect(driver, &QSqlDriver::notification, this,
                [this](const QString& name, QSqlDriver::NotificationSource, const QVariant& payload) {
                    if (name != Channel)
                        return;
                    bool ok = false;
                    const qint64 id = payload.toString().toLongLong(&ok);
                    if (ok)
                        emit notified(id);
                    else
                        emit anyChange();
                });
        } else {
            m_dataVersion = dataVersion();
        }
        emit connected();
    }

    void fail(const QString& message)
    {
        m_db.reset();
        emit lost(message);
    }

    qint64 dataVersion() const
    {
        QSqlQuery q(m_db->connection());
        return q.exec(QStringLiteral("PRAGMA data_version")) && q.next() ? q.value(0).toLongLong() : -1;
    }

    void poll()
    {
        if (!m_db) {
            open();
            return;
        }
        if (m_db->dialect() == Database::Dialect::Sqlite) {
            const qint64 version = dataVersion();
            if (version != m_dataVersion) {
                m_dataVersion = version;
                emit anyChange();
            }
            return;
        }
        // libpq marks the connection bad as soon as it reads the end of the socket
        // (server stopped, backend terminated); a silent one is caught by the ping.
        const bool open = m_db->connection().isOpen();
        if (!open || (++m_polls % PingEvery == 0 && !m_db->exec(QStringLiteral("SELECT 1"))))
            fail(open ? m_db->lastError()
                      : tr("the connection to the server %1 was lost").arg(m_db->location().displayString()));
    }

    QString m_url;
    std::unique_ptr<Database> m_db;
    QTimer* m_timer = nullptr;
    int m_pollMs = 1000;
    int m_polls = 0;
    qint64 m_dataVersion = -1;
};

CampaignWatcher::CampaignWatcher(const Database& db, QObject* parent)
    : QObject(parent)
    , m_connection(new WatcherConnection(db.url()))
{
    m_flush.setSingleShot(true);
    // SQLite's poll already gathers a second's changes into one.
    m_flush.setInterval(db.dialect() == Database::Dialect::Sqlite ? 0 : 250);
    connect(&m_flush, &QTimer::timeout, this, &CampaignWatcher::flush);

    m_connection->moveToThread(&m_thread);
    connect(m_connection, &WatcherConnection::notified, this, &CampaignWatcher::onNotified);
    connect(m_connection, &WatcherConnection::anyChange, this, &CampaignWatcher::onAnyChange);
    connect(m_connection, &WatcherConnection::connected, this, &CampaignWatcher::onConnected);
    connect(m_connection, &WatcherConnection::lost, this, &CampaignWatcher::onLost);
    connect(&m_thread, &QThread::started, m_connection, &WatcherConnection::start);
    m_thread.setObjectName(QStringLiteral("CampaignWatcher"));
    m_thread.start();
}

CampaignWatcher::~CampaignWatcher()
{
    // The connection is closed on its own thread, as Qt Sql requires.
    QMetaObject::invokeMethod(m_connection, &WatcherConnection::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_connection;
}

void CampaignWatcher::watch(qint64 campaignId)
{
    m_watched.insert(campaignId);
}

void CampaignWatcher::unwatch(qint64 campaignId)
{
    m_watched.remove(campaignId);
    m_pending.remove(campaignId);
}

void CampaignWatcher::setPollInterval(int ms)
{
    QMetaObject::invokeMethod(
        m_connection, [connection = m_connection, ms] { connection->setPollInterval(ms); });
}

void CampaignWatcher::onNotified(qint64 campaignId)
{
    m_anyPending = true;
    if (m_watched.contains(campaignId))
        m_pending.insert(campaignId);
    if (!m_flush.isActive())
        m_flush.start();
}

void CampaignWatcher::onAnyChange()
{
    m_anyPending = true;
    m_pending.unite(m_watched);
    if (!m_flush.isActive())
        m_flush.start();
}

void CampaignWatcher::onConnected()
{
    m_connected = true;
    if (!m_wasLost)
        return;
    m_wasLost = false;
    emit connectionRestored();
    onAnyChange();
}

void CampaignWatcher::onLost(const QString& message)
{
    const bool wasConnected = m_connected || !m_wasLost;
    m_connected = false;
    m_wasLost = true;
    // Once per outage, not once per attempt to reconnect.
    if (wasConnected)
        emit connectionLost(message);
}

void CampaignWatcher::flush()
{
    const QSet<qint64> pending = std::exchange(m_pending, {});
    const bool any = std::exchange(m_anyPending, false);
    if (any)
        emit storeChanged();
    for (qint64 id : pending)
        emit campaignChanged(id);
}

} // namespace Handoff

#include "CampaignWatcher.moc"
