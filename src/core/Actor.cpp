#include "core/Actor.h"

#include <pwd.h>
#include <unistd.h>

namespace Handoff {

QString Actor::loginName()
{
    for (const char* variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty())
            return name;
    }
    // A service, a cron job or su may leave the variables unset; the account still has a name.
    if (const passwd* account = getpwuid(getuid()); account && account->pw_name)
        return QString::fromLocal8Bit(account->pw_name);
    return {};
}

QString Actor::resolve(const QString& explicitName, const QString& databaseRole)
{
    // On a shared PostgreSQL store the role a manager logs in with names them better
    // than the login of the machine that runs the program.
    for (const QString& candidate : {explicitName, qEnvironmentVariable("HANDOFF_ACTOR"), databaseRole, loginName()}) {
        if (!candidate.trimmed().isEmpty())
            return candidate.trimmed();
    }
    return tr("unknown");
}

} // namespace Handoff
