#pragma once

#include "Campaign.h"
#include "Reassignment.h"
#include "RejectedLine.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Handoff {

// How handoff-cli writes the store's records for machines. Keys are snake_case,
// statuses and actions are their command-line keys, times are UTC in ISO 8601,
// and "no sender" is null.
class JsonFormat
{
public:
    static QJsonObject statusCounts(const StatusCounts& counts);
    static QJsonObject result(const ReassignResult& result);
    static QJsonObject conversation(const Conversation& conversation);
    static QJsonObject historyEntry(const HistoryEntry& entry);
    static QJsonArray perTarget(const QVector<TargetCount>& targets);
    static QJsonArray rejectedLines(const QVector<RejectedLine>& lines);
    static QJsonValue time(const QDateTime& at);
    static QJsonValue id(qint64 id);
};

} // namespace Handoff
