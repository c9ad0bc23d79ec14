#include "core/ConversationStatus.h"

#include <QCoreApplication>

namespace Handoff {

QString statusLabel(ConversationStatus status)
{
    switch (status) {
    case ConversationStatus::NotStarted:
        return QCoreApplication::translate("Handoff::Status", "Not Started");
    case ConversationStatus::NeedsReply:
        return QCoreApplication::translate("Handoff::Status", "Needs Reply");
    case ConversationStatus::Waiting:
        return QCoreApplication::translate("Handoff::Status", "Waiting");
    case ConversationStatus::OptedOut:
        return QCoreApplication::translate("Handoff::Status", "Opted Out");
    }
    return {};
}

QString statusKey(ConversationStatus status)
{
    switch (status) {
    case ConversationStatus::NotStarted:
        return QStringLiteral("not-started");
    case ConversationStatus::NeedsReply:
        return QStringLiteral("needs-reply");
    case ConversationStatus::Waiting:
        return QStringLiteral("waiting");
    case ConversationStatus::OptedOut:
        return QStringLiteral("opted-out");
    }
    return {};
}

QString statusFilterLabel(StatusFilter filter)
{
    switch (filter) {
    case StatusFilter::Any:
        return QCoreApplication::translate("Handoff::Status", "Any");
    case StatusFilter::NeedsReply:
        return statusLabel(ConversationStatus::NeedsReply);
    case StatusFilter::NotStarted:
        return statusLabel(ConversationStatus::NotStarted);
    }
    return {};
}

QString statusFilterKey(StatusFilter filter)
{
    switch (filter) {
    case StatusFilter::Any:
        return QStringLiteral("any");
    case StatusFilter::NeedsReply:
        return QStringLiteral("needs-reply");
    case StatusFilter::NotStarted:
        return QStringLiteral("not-started");
    }
    return {};
}

std::optional<StatusFilter> parseStatusFilter(const QString& key)
{
    const QString k = key.trimmed().toLower();
    for (StatusFilter f : {StatusFilter::Any, StatusFilter::NeedsReply, StatusFilter::NotStarted}) {
        if (k == statusFilterKey(f))
            return f;
    }
    return std::nullopt;
}

QStringList statusFilterKeys()
{
    return {statusFilterKey(StatusFilter::Any), statusFilterKey(StatusFilter::NeedsReply),
            statusFilterKey(StatusFilter::NotStarted)};
}

bool statusMatches(StatusFilter filter, ConversationStatus status)
{
    switch (filter) {
    case StatusFilter::Any:
        return true;
    case StatusFilter::NeedsReply:
        return status == ConversationStatus::NeedsReply;
    case StatusFilter::NotStarted:
        return status == ConversationStatus::NotStarted;
    }
    return false;
}

bool isOptOutKeyword(const QString& body)
{
    static const QStringList words = {QStringLiteral("STOP"),   QStringLiteral("STOPALL"),
                                      QStringLiteral("UNSUBSCRIBE"), QStringLiteral("CANCEL"),
                                      QStringLiteral("END"),    QStringLiteral("QUIT")};
    QString word = body.trimmed().toUpper();
    while (!word.isEmpty() && word.back().isPunct())
        word.chop(1);
    return words.contains(word);
}

} // namespace Handoff
