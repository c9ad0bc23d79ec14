#include "gui/store/DailyBackup.h"

#include "storage/Database.h"
#include "storage/StoreBackup.h"

#include <QThread>
#include <QTimer>

#include <memory>

namespace Handoff {

namespace {
constexpr int CheckIntervalMs = 60 * 60 * 1000;
}

QString DailyBackup::enabledKey()
{
    return QStringLiteral("backups/daily");
}

DailyBackup::DailyBackup(const QString& storeUrl, QObject* parent)
    : QObject(parent)
    , m_storeUrl(storeUrl)
{
    auto* timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &DailyBackup::start);
    timer->start(CheckIntervalMs);
    start();
}

DailyBackup::~DailyBackup()
{
    if (m_worker) {
        m_worker->wait();
        delete m_worker;
    }
}

void DailyBackup::start()
{
    if (m_worker)
        return;
    auto error = std::make_shared<QString>();
    m_worker = QThread::create([url = m_storeUrl, error] {
        // The window has brought the schema up to date already.
        Outcome<std::unique_ptr<Database>> db = Database::openUnmigrated(url);
        if (!db) {
            *error = db.error();
            return;
        }
        if (const Outcome<QString> copy = StoreBackup::backUpIfDue(**db); !copy)
            *error = copy.error();
    });
    m_worker->setObjectName(QStringLiteral("dailyBackupWorker"));
    connect(m_worker, &QThread::finished, this, [this, error] {
        m_worker->deleteLater();
        m_worker = nullptr;
        if (!error->isEmpty())
            emit failed(*error);
    });
    m_worker->start();
}

} // namespace Handoff
