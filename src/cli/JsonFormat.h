#pragma once

#include "core/Campaign.h"
#include "core/Reassignment.h"
#include "core/RejectedLine.h"

#include <QJsonArray>
#include <QJsonDocument>
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

    // The document on one line. Besides what JSON must escape (C0 controls, quotes,
    // backslashes), every character a terminal or a text view would obey rather than
    // show (DEL, C1 controls, bidi embeddings, overrides and isolates, line and
    // paragraph separators) is written as \uXXXX: the value is the same, and JSON
    // printed to a terminal cannot drive it.
    static QString compact(const QJsonDocument& document);
};

} // namespace Handoff
