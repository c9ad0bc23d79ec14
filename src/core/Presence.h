#pragma once

#include <QString>

#include <optional>

namespace Handoff {

// Whether a campaign's sender is working now, as the manager set it.
enum class Presence {
    OnShift,   // the default
    Away,
    Done,      // done for today
};

// "on-shift", "away", "done": the command line's and the JSON's words.
QString presenceKey(Presence presence);
// "On shift", "Away", "Done for today": what the window shows.
QString presenceLabel(Presence presence);
std::optional<Presence> parsePresenceKey(const QString& key);

} // namespace Handoff
