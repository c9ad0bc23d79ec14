#include "gui/LiveRefresh.h"

#include "storage/CampaignWatcher.h"
#include "storage/Database.h"

#include <QTimer>

#include <utility>

namespace Handoff {

LiveRefresh::LiveRefresh(Database& db, std::function<bool()> busy, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_busy(std::move(busy))
    , m_watcher(new CampaignWatcher(db, this))
    , m_retry(new QTimer(this))
{
    m_retry->setSingleShot(true);
    m_retry->setInterval(250);
    connect(m_retry, &QTimer::timeout, this, &LiveRefresh::apply);
    connect(m_watcher, &CampaignWatcher::campaignChanged, this, [this](qint64 id) {
        if (id != m_watched)
            return;
        m_campaignStale = true;
        apply();
    });
    connect(m_watcher, &CampaignWatcher::storeChanged, this, [this] {
        m_storeStale = true;
        apply();
    });
    connect(m_watcher, &CampaignWatcher::connectionLost, this, &LiveRefresh::connectionLost);
    connect(m_watcher, &CampaignWatcher::connectionRestored, this, &LiveRefresh::connectionRestored);
}

void LiveRefresh::watchCampaign(qint64 campaignId)
{
    if (campaignId == m_watched)
        return;
    m_watcher->unwatch(m_watched);
    m_watched = campaignId;
    if (campaignId != 0)
        m_watcher->watch(campaignId);
}

void LiveRefresh::apply()
{
    if (!m_campaignStale && !m_storeStale)
        return;
    // Offline, the reads would fail; the watcher reports everything again once back.
    if (m_offline)
        return;
    if (m_busy()) {
        m_retry->start();
        return;
    }
    if (std::exchange(m_storeStale, false))
        emit reloadCampaigns();
    if (std::exchange(m_campaignStale, false))
        emit refreshCampaign();
}

void LiveRefresh::connectionLost(const QString& message)
{
    m_offline = true;
    emit wentOffline(message);
}

void LiveRefresh::connectionRestored()
{
    m_offline = false;
    // The window's own connection reopens by itself too, but not at once after a failure.
    if (m_db.connectionLost())
        m_db.reconnect();
    emit backOnline();
    m_storeStale = true;
    m_campaignStale = true;
    apply();
}

} // namespace Handoff
