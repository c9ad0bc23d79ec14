#include "controller/MessageEventImporter.h"

#include "controller/CampaignService.h"
#include "storage/CampaignStore.h"
#include "controller/BatchQueue.h"
#include "storage/Database.h"
#include "storage/MessageStore.h"
#include "core/MessageLogReader.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QThread>

#include <memory>

namespace Handoff {

namespace {

// How many lines naming an unknown sender the report lists; the count says the rest.
constexpr int ShownLines = 5;

// PostgreSQL: bigger batches, fewer statements and round trips for the same rows.
constexpr int PostgresBatchSize = 20000;

struct EventBatch
{
    QVector<MessageEvent> events;
    qint64 bytesRead = 0;
};

} // namespace

MessageEventImporter::MessageEventImporter(Database& db, QObject* parent)
    : QObject(parent)
    , m_db(db)
{
}

Outcome<MessageEventReport> MessageEventImporter::importFile(const QString& path, qint64 campaignId,
                                                              const MessageLogOptions& options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Outcome<MessageEventReport>::failure(tr("Cannot read %1: %2").arg(path, file.errorString()));
    return import(file, campaignId, options);
}

QString MessageEventImporter::formatSentence(const MessageEventReport& report)
{
    const QString title = MessageLogFormats::title(report.format);
    if (report.compressed)
        return report.formatDetected ? tr("Read as %1, compressed (recognised from the file).").arg(title)
                                     : tr("Read as %1, compressed.").arg(title);
    return report.formatDetected ? tr("Read as %1 (recognised from the file).").arg(title)
                                 : tr("Read as %1.").arg(title);
}

void MessageEventImporter::cancel()
{
    m_cancelled.store(true);
}

Outcome<MessageEventReport> MessageEventImporter::import(QIODevice& device, qint64 campaignId,
                                                          const MessageLogOptions& options)
{
    using Result = Outcome<MessageEventReport>;
    const auto campaign = CampaignService(m_db).writableCampaign(campaignId, CampaignService::Change::Messages);
    if (!campaign)
        return Result::failure(campaign.error());

    // PostgreSQL may end the transaction to break a deadlock with a manager's action;
    // nothing of it stayed, so the whole file is read and recorded again.
    // A stream that cannot be read again (standard input) fails with the first answer.
    const qint64 start = device.pos();
    std::optional<Result> previous;
    return Database::retryTransient<MessageEventReport>([&](bool* transient) {
        if (previous && (device.isSequential() || !device.seek(start)))
            return *previous;
        previous = importOnce(device, *campaign, options, transient);
        return *previous;
    });
}

Outcome<MessageEventReport> MessageEventImporter::importOnce(QIODevice& device, const Campaign& campaign,
                                                              const MessageLogOptions& options, bool* transient)
{
    using Result = Outcome<MessageEventReport>;
    const qint64 campaignId = campaign.id;
    CampaignStore campaigns(m_db);
    auto failDb = [&](const QString& what) {
        *transient = m_db.lastErrorIsTransient();
        return Result::failure(tr("No message was recorded: %1").arg(what));
    };
    Transaction tx(m_db);
    if (!tx.active())
        return failDb(m_db.lastError());

    MessageStore store(m_db);
    QHash<QString, SenderId> senders;
    // Who texts from which number: an outbound message that names no sender is theirs.
    const QHash<QString, SenderId> numbers = campaigns.textingNumbers();
    // And by e-mail, where the file gives one beside a name the roster does not know.
    QHash<QString, SenderId> emails;
    for (const Sender& s : campaigns.roster())
        if (!s.email.isEmpty())
            emails.insert(s.email.toLower(), s.id);
    QHash<QString, int> unknownNumberIndex;
    // Index in report.unknownSenders of each name not on the roster.
    QHash<QString, int> unknownIndex;
    MessageEventReport report;
    QVector<RejectedLine> unknown;
    QString storeError;
    QSet<QString> providerIds;
    MessageLogReader file(options);
    std::atomic<qint64> bytesRead{0};
    std::atomic<qint64> totalBytes{-1};
    file.setProgressSink([&](qint64 done, qint64 total) {
        bytesRead.store(done, std::memory_order_relaxed);
        totalBytes.store(total, std::memory_order_relaxed);
    });
    // Reading stops at a Cancel, or when the store failed and the rest would be wasted.
    std::atomic<bool> stopReading{false};
    file.setStopCheck([this, &stopReading] { return m_cancelled.load() || stopReading.load(); });

    // The file is read and checked on a worker; this thread, which owns the store's
    // connection, hands each batch to the store and reports the progress.
    BatchQueue<EventBatch> queue;
    bool parsed = false;
    const int batchSize = m_db.dialect() == Database::Dialect::Postgres ? PostgresBatchSize
                                                                        : MessageEventFile::DefaultBatchSize;
    std::unique_ptr<QThread> reader(QThread::create([&] {
        parsed = file.parse(device, [&](const QVector<MessageEvent>& batch) {
            queue.push({batch, bytesRead.load(std::memory_order_relaxed)});
        }, batchSize);
        queue.close();
    }));
    reader->start();

    EventBatch batch;
    QVector<NewMessage> messages;
    // The event of each message of the batch, and how its sender was found, for the report.
    struct Source
    {
        const MessageEvent* event;
        bool byNumber;      // attributed by the number it went out from
        bool senderUnknown; // names a sender the roster does not know
        bool numberUnknown; // names none, and went out from no sender's texting number
    };
    QVector<Source> sources;
    while (queue.pop(&batch)) {
        if (m_cancelled.load())
            break;
        messages.clear();
        sources.clear();
        for (const MessageEvent& e : std::as_const(batch.events)) {
            if (!e.providerId.isEmpty()) {
                if (providerIds.contains(e.providerId)) {
                    ++report.duplicates;
                    continue;
                }
                providerIds.insert(e.providerId);
            }
            // Attribution: the sender the file names, else the sender whose texting number
            // the message went out from, else none.
            const bool outbound = e.direction == MessageDirection::Outbound;
            SenderId sender = UnassignedId;
            bool byNumber = false;
            if (!e.sender.isEmpty()) {
                auto it = senders.constFind(e.sender);
                if (it == senders.cend()) {
                    const auto found = campaigns.senderByName(e.sender);
                    it = senders.insert(e.sender, found ? found->id : UnassignedId);
                }
                sender = *it;
                if (sender == UnassignedId && !e.senderEmail.isEmpty())
                    sender = emails.value(e.senderEmail.toLower(), UnassignedId);
            }
            // A name the roster does not know, or none: the number it went out from may tell.
            if (sender == UnassignedId && outbound && !e.senderNumber.isEmpty()) {
                sender = numbers.value(e.senderNumber, UnassignedId);
                byNumber = sender != UnassignedId;
            }
            messages.append({e.phone, e.direction, e.body, e.at, sender, e.providerId, e.failed});
            sources.append({&e, byNumber, !e.sender.isEmpty() && sender == UnassignedId,
                            outbound && e.sender.isEmpty() && !e.senderNumber.isEmpty() && sender == UnassignedId});
        }
        const auto fates = store.recordMessages(campaignId, messages);
        if (!fates) {
            storeError = fates.error();
            break;
        }
        for (int i = 0; i < fates->size(); ++i) {
            const Source& source = sources[i];
            const MessageEvent& e = *source.event;
            const bool outbound = e.direction == MessageDirection::Outbound;
            const MessageFate fate = fates->at(i);
            if (fate == MessageFate::AlreadyThere) {
                ++report.alreadyThere;
            } else if (fate == MessageFate::NoConversation) {
                unknown << RejectedLine{e.line, tr("no conversation with %1 in campaign \"%2\"").arg(e.phone, campaign.name)};
            } else {
                if (e.failed)
                    ++report.failed;
                else
                    ++report.recorded;
                if (outbound && e.sender.isEmpty() && e.senderNumber.isEmpty())
                    ++report.withoutSender;
                if (source.byNumber)
                    ++report.byNumber;
                if (e.direction == MessageDirection::Inbound && isOptOutKeyword(e.body))
                    ++report.optedOut;
                auto tally = [&](QHash<QString, int>& indexOf, QVector<UnknownSender>& list, const QString& name) {
                    auto index = indexOf.constFind(name);
                    if (index == indexOf.cend()) {
                        index = indexOf.insert(name, int(list.size()));
                        list.append({ name, 0, {} });
                    }
                    UnknownSender& entry = list[*index];
                    ++entry.messages;
                    if (entry.firstLines.size() < ShownLines)
                        entry.firstLines.append(e.line);
                };
                if (source.senderUnknown)
                    tally(unknownIndex, report.unknownSenders, e.sender);
                if (source.numberUnknown)
                    tally(unknownNumberIndex, report.unknownNumbers, e.senderNumber);
            }
        }
        emit progress(batch.bytesRead, totalBytes.load(std::memory_order_relaxed));
    }
    // Whatever ended the loop, the reader stops too before anything is decided.
    stopReading.store(true);
    queue.close();
    reader->wait();

    // A cancel counts for the import it stopped (or the next one, if none was running).
    if (m_cancelled.exchange(false))
        return Result::failure(tr("The import was cancelled; no message was recorded."));
    if (!storeError.isEmpty())
        return failDb(storeError);
    if (!parsed)
        return Result::failure(tr("No message was recorded: %1").arg(file.errorString()));
    if (!tx.commit())
        return failDb(m_db.lastError());

    report.format = file.format();
    report.formatDetected = options.format == MessageLogFormat::Auto;
    report.compressed = file.compressed();
    report.zoneLessDates = file.zoneLessDates();
    report.zoneName = options.zone == QTimeZone::utc() ? QStringLiteral("UTC") : QString::fromUtf8(options.zone.id());
    if (report.failed > 0)
        report.notes << (report.failed == 1
                ? tr("1 outbound message had failed or was undelivered; it was recorded as failed and not "
                     "counted as sent.")
                : tr("%1 outbound messages had failed or were undelivered; they were recorded as failed and "
                     "not counted as sent.")
                      .arg(report.failed));
    if (report.duplicates > 0)
        report.notes << (report.duplicates == 1
                ? tr("1 message appeared twice in the file (same id); it was recorded once.")
                : tr("%1 messages appeared twice in the file (same id); each was recorded once.")
                      .arg(report.duplicates));
    if (!unknown.isEmpty()) {
        QStringList lines;
        for (int i = 0; i < unknown.size() && i < ShownLines; ++i)
            lines << QString::number(unknown[i].line);
        if (unknown.size() > ShownLines)
            lines << QStringLiteral("…");
        report.notes << (unknown.size() == 1
                ? tr("1 message is for a phone that is not in the campaign; it was left out (line %1).")
                      .arg(lines.join(QStringLiteral(", ")))
                : tr("%1 messages are for phones that are not in the campaign; they were left out (lines %2).")
                      .arg(QString::number(unknown.size()), lines.join(QStringLiteral(", "))));
    }
    if (report.alreadyThere > 0)
        report.notes << (report.alreadyThere == 1
                ? tr("1 message was already in the campaign (same id); it was not recorded again.")
                : tr("%1 messages were already in the campaign (same id); they were not recorded again.")
                      .arg(report.alreadyThere));
    if (report.zoneLessDates > 0)
        report.notes << (report.zoneLessDates == 1
                ? tr("1 date had no time zone; it was read as %1.").arg(report.zoneName)
                : tr("%1 dates had no time zone; they were read as %2.").arg(report.zoneLessDates).arg(report.zoneName));
    auto shownLines = [](const UnknownSender& u) {
        QStringList lines;
        for (int line : u.firstLines)
            lines << QString::number(line);
        if (u.messages > u.firstLines.size())
            lines << QStringLiteral("…");
        return lines;
    };
    if (report.byNumber > 0)
        report.notes << (report.byNumber == 1
                ? tr("1 outbound message was attributed by the number it was sent from.")
                : tr("%1 outbound messages were attributed by the number they were sent from.")
                      .arg(report.byNumber));
    for (const UnknownSender& u : std::as_const(report.unknownNumbers)) {
        const QStringList lines = shownLines(u);
        report.notes << (u.messages == 1
                ? tr("1 outbound message was sent from %1, which is no sender's texting number; it was "
                     "recorded without a sender (line %2).")
                      .arg(u.name, lines.join(QStringLiteral(", ")))
                : tr("%1 outbound messages were sent from %2, which is no sender's texting number; they "
                     "were recorded without a sender (lines %3).")
                      .arg(QString::number(u.messages), u.name, lines.join(QStringLiteral(", "))));
    }
    for (const UnknownSender& u : std::as_const(report.unknownSenders)) {
        const QStringList lines = shownLines(u);
        report.notes << (u.messages == 1
                ? tr("1 message names \"%1\", who is not on the roster; it was recorded without a sender "
                     "(line %2).")
                      .arg(u.name, lines.join(QStringLiteral(", ")))
                : tr("%1 messages name \"%2\", who is not on the roster; they were recorded without a "
                     "sender (lines %3).")
                      .arg(QString::number(u.messages), u.name, lines.join(QStringLiteral(", "))));
    }
    if (report.withoutSender > 0)
        report.notes << (report.withoutSender == 1
                ? tr("1 outbound message names no sender; it was recorded without one.")
                : tr("%1 outbound messages name no sender; they were recorded without one.")
                      .arg(report.withoutSender));
    report.rejected = file.rejectedLines() + unknown;
    std::sort(report.rejected.begin(), report.rejected.end(),
              [](const RejectedLine& a, const RejectedLine& b) { return a.line < b.line; });
    return report;
}

} // namespace Handoff
