#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <optional>

namespace Handoff {

class CliContext;

// The store as a whole: back it up, restore it from a backup, check that it holds.
class StoreCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::StoreCommands)
    Q_DISABLE_COPY_MOVE(StoreCommands)

public:
    explicit StoreCommands(CliContext& context);

    int backup(const QStringList& arguments);
    int restore(const QStringList& arguments);
    int check(const QStringList& arguments);

    // After a command: a store that scripts alone use (a sweep from cron) is backed up
    // once a day too, as the window does while open, when the command changed it.
    void backUpDailyIfChanged();

private:
    // The SQLite file of the store the command names; says why on stderr when it is
    // PostgreSQL or not there.
    std::optional<QString> existingSqliteFile();

    CliContext& m_context;
};

} // namespace Handoff
