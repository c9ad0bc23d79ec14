#pragma once

#include "core/ConversationQuery.h"
#include "core/Outcome.h"

#include <QObject>

class QIODevice;

namespace Handoff {

class Database;

// Writes what the window shows to CSV for spreadsheets: the conversation table as
// it is narrowed and sorted, and a campaign's history. Every field goes through
// CsvWriter, so contact data can never run as a formula where the file is opened.
class CsvExporter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CsvExporter)

public:
    explicit CsvExporter(Database& db, QObject* parent = nullptr);

    // Every conversation the query selects, in its order: contact, phone, status, last
    // message, last activity (ISO 8601, UTC) and sender. Returns how many rows.
    Outcome<int> exportConversations(const ConversationQuery& query, QIODevice& device);
    // Every action of the campaign, newest first, with who, when, what and the result.
    Outcome<int> exportHistory(qint64 campaignId, QIODevice& device);

    // The same into a file, which is replaced only once it is written whole.
    Outcome<int> exportConversationsFile(const ConversationQuery& query, const QString& path);
    Outcome<int> exportHistoryFile(qint64 campaignId, const QString& path);

signals:
    // Rows written so far, now and then during a long export.
    void progress(int rows);

private:
    Outcome<int> toFile(const QString& path, const std::function<Outcome<int>(QIODevice&)>& write);

    Database& m_db;
};

} // namespace Handoff
