#include "controller/CsvExporter.h"

#include "storage/ConversationStore.h"
#include "core/CsvWriter.h"
#include "storage/Database.h"
#include "storage/MoveStore.h"

#include <QSaveFile>

namespace Handoff {

namespace {
constexpr int ProgressEvery = 1000;

QString utc(const QDateTime& at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODate) : QString();
}
} // namespace

CsvExporter::CsvExporter(Database& db, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
}

Outcome<int> CsvExporter::exportConversations(const ConversationQuery& query, QIODevice& device)
{
    CsvWriter writer(&device);
    if (!writer.writeRecord({tr("Contact"), tr("Phone"), tr("Status"), tr("Last Message"), tr("Last Activity"),
                             tr("Sender")}))
        return Outcome<int>::failure(tr("Cannot write the file: %1").arg(writer.errorString()));
    int rows = 0;
    bool written = true;
    const QString unassigned = tr("Unassigned");
    ConversationStore(m_db).forEach(query, -1, [&](const Conversation& c) {
        if (!written)
            return;
        written = writer.writeRecord({c.contactName(), c.phone, statusLabel(c.status), c.lastMessage,
                                      utc(c.lastActivity), c.senderId == UnassignedId ? unassigned : c.senderName});
        if (++rows % ProgressEvery == 0)
            emit progress(rows);
    });
    if (!written)
        return Outcome<int>::failure(tr("Cannot write the file: %1").arg(writer.errorString()));
    emit progress(rows);
    return rows;
}

Outcome<int> CsvExporter::exportHistory(qint64 campaignId, QIODevice& device)
{
    CsvWriter writer(&device);
    if (!writer.writeRecord({tr("ID"), tr("When"), tr("Who"), tr("Scope"), tr("Sender"), tr("Action"),
                             tr("Status Filter"), tr("Requested"), tr("Moved"), tr("Moved To"),
                             tr("Skipped: Status Changed"), tr("Skipped: Moved Elsewhere"),
                             tr("Skipped: Sender Left"), tr("Undoes"), tr("Undone By"), tr("Note")}))
        return Outcome<int>::failure(tr("Cannot write the file: %1").arg(writer.errorString()));
    int rows = 0;
    for (const HistoryEntry& e : MoveStore(m_db).history(campaignId)) {
        QStringList movedTo;
        for (const TargetCount& t : e.result.movedPerTarget)
            movedTo << tr("%1: %2").arg(t.name).arg(t.count);
        const bool sourced = e.scope != ReassignScope::Bulk;
        if (!writer.writeRecord({QString::number(e.id), utc(e.at), e.actor, scopeLabel(e.scope),
                                 sourced ? e.sourceName : QString(), actionLabel(e.action),
                                 statusFilterLabel(e.status), QString::number(e.requested),
                                 QString::number(e.result.moved), movedTo.join(QStringLiteral("; ")),
                                 QString::number(e.result.skippedStatusChanged),
                                 QString::number(e.result.skippedMovedElsewhere),
                                 QString::number(e.result.skippedSenderGone),
                                 e.undoes ? QString::number(e.undoes) : QString(),
                                 e.undoneBy ? QString::number(e.undoneBy) : QString(), e.note}))
            return Outcome<int>::failure(tr("Cannot write the file: %1").arg(writer.errorString()));
        ++rows;
    }
    emit progress(rows);
    return rows;
}

Outcome<int> CsvExporter::toFile(const QString& path, const std::function<Outcome<int>(QIODevice&)>& write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Outcome<int>::failure(tr("Cannot write %1: %2").arg(path, file.errorString()));
    Outcome<int> rows = write(file);
    if (!rows)
        return rows;
    if (!file.commit())
        return Outcome<int>::failure(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return rows;
}

Outcome<int> CsvExporter::exportConversationsFile(const ConversationQuery& query, const QString& path)
{
    return toFile(path, [&](QIODevice& device) { return exportConversations(query, device); });
}

Outcome<int> CsvExporter::exportHistoryFile(qint64 campaignId, const QString& path)
{
    return toFile(path, [&](QIODevice& device) { return exportHistory(campaignId, device); });
}

} // namespace Handoff
