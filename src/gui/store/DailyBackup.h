#pragma once

#include <QObject>
#include <QString>

class QThread;

namespace Handoff {

// While a window is open on a SQLite store: its daily backup (StoreBackup::backUpIfDue)
// at once and then every hour, each on a worker thread with its own connection, so
// that copying a large store never stalls the window.
class DailyBackup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DailyBackup)

public:
    // The QSettings key that turns it off (the benchmarks do, so that a copy of their
    // million-conversation store never runs under their timings).
    static QString enabledKey();

    DailyBackup(const QString& storeUrl, QObject* parent);
    // Waits for a backup in progress: the worker uses the store's file.
    ~DailyBackup() override;

signals:
    void failed(const QString& message);

private:
    void start();

    QString m_storeUrl;
    QThread* m_worker = nullptr;
};

} // namespace Handoff
