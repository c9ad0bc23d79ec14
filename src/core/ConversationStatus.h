#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Handoff {

// Stored as integers in the database; never renumber.
enum class ConversationStatus {
    NotStarted = 0,
    NeedsReply = 1,
    Waiting = 2,
    OptedOut = 3,
};

// The status choice every reassign action offers, and nothing more.
enum class StatusFilter {
    Any,
    NeedsReply,
    NotStarted,
};

enum class MessageDirection {
    Outbound = 0,
    Inbound = 1,
};

QString statusLabel(ConversationStatus status);
QString statusKey(ConversationStatus status);

QString statusFilterLabel(StatusFilter filter);
// "any", "needs-reply", "not-started": the spelling of the command line and the history.
QString statusFilterKey(StatusFilter filter);
std::optional<StatusFilter> parseStatusFilter(const QString& key);
QStringList statusFilterKeys();

bool statusMatches(StatusFilter filter, ConversationStatus status);

// An inbound message that is exactly one of the carrier opt-out words opts the contact out.
bool isOptOutKeyword(const QString& body);

} // namespace Handoff
