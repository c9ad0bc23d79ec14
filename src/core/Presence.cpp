#include "core/Presence.h"

#include <QCoreApplication>

namespace Handoff {

namespace {
class PresenceText
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::Presence)
};
} // namespace

QString presenceKey(Presence presence)
{
    switch (presence) {
    case Presence::OnShift:
        return QStringLiteral("on-shift");
    case Presence::Away:
        return QStringLiteral("away");
    case Presence::Done:
        return QStringLiteral("done");
    }
    return {};
}

QString presenceLabel(Presence presence)
{
    switch (presence) {
    case Presence::OnShift:
        return PresenceText::tr("On shift");
    case Presence::Away:
        return PresenceText::tr("Away");
    case Presence::Done:
        return PresenceText::tr("Done for today");
    }
    return {};
}

std::optional<Presence> parsePresenceKey(const QString& key)
{
    for (auto p : {Presence::OnShift, Presence::Away, Presence::Done})
        if (presenceKey(p) == key)
            return p;
    return std::nullopt;
}

} // namespace Handoff
