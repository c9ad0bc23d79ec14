#pragma once

#include <QObject>

class QWidget;

namespace Handoff {

class Database;
class JobRunner;

// File ▸ Back Up Store… and File ▸ Restore… of a SQLite store: the file, the
// confirmation and the copy as a job. On a team server both explain what the
// server's own tools do instead.
class StoreFiles final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreFiles)

public:
    StoreFiles(QWidget* window, Database& db, JobRunner& jobs);

    // A copy of the store to a file the user picks.
    void backUp();
    // A backup in place of the store, after confirmation and a backup of the store as it is.
    void restore();

signals:
    void statusMessage(const QString& message);
    // The store's file was replaced: every tab and model read the store as it was, so
    // the window opens the store afresh and shows notice.
    void restored(const QString& notice);

private:
    QWidget* m_window;
    Database& m_db;
    JobRunner& m_jobs;
};

} // namespace Handoff
