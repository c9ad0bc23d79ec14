#pragma once

#include <QCoreApplication>
#include <QString>

namespace Handoff {

// Who the history names for an action, one rule for the window and handoff-cli:
// the name given (--actor, or Edit ▸ Manager Name…), else $HANDOFF_ACTOR, else the
// database role (the user a PostgreSQL server knows), else the login name, else
// "unknown".
class Actor final
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::Actor)

public:
    static QString resolve(const QString& explicitName, const QString& databaseRole);
    // $USER, else $LOGNAME (cron sets it but not always USER), else $USERNAME (Windows).
    static QString loginName();
};

} // namespace Handoff
