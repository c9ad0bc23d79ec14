#pragma once

#include "core/MessageEventFile.h"
#include "core/MessageLogFormat.h"

#include <QCoreApplication>
#include <QStringList>

#include <atomic>
#include <optional>

class QIODevice;

namespace Handoff {

// Reads a file of message events in any format Handoff knows (MessageLogFormat) into the
// same MessageEvent records, a batch at a time, checking every line by the rules of
// MessageEventFile. A gzip-compressed file is read through GzipDevice. With the format
// Auto, the header (CSV) or the first record (JSON Lines) decides, and format() says
// which was chosen. A file whose format cannot be told, or that lacks a column its
// format needs, is refused whole: parse() returns false and errorString() says why.
//
// CSV formats are read by column name, in any order, ignoring case; other columns are
// passed over. Dates are ISO 8601 ("2026-11-20T10:01:00Z", "2026-11-20 10:01:00+00",
// "2026-11-20 10:01:00") or RFC 2822 ("Fri, 20 Nov 2026 10:01:00 +0000"); a date without
// a zone is read in MessageLogOptions::zone, and zoneLessDates() counts them.
class MessageLogReader
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::MessageLogReader)

public:
    explicit MessageLogReader(const MessageLogOptions& options = {});

    // The format of a file that starts with head (its first bytes, already decompressed),
    // or nothing when it matches none; why then says what was seen.
    static std::optional<MessageLogFormat> detect(const QByteArray& head, QString* why = nullptr);
    // The header of a CSV file that starts with head: what a mapping chooses from.
    static QStringList csvHeader(const QByteArray& head);

    void setProgressSink(const MessageEventFile::ProgressSink& sink);
    // Stops reading at the next record once it returns true, from any thread.
    void setStopCheck(const std::function<bool()>& stop);

    bool parse(QIODevice& device, const MessageEventFile::BatchSink& batchSink,
        int batchSize = MessageEventFile::DefaultBatchSize);

    // What the last parse() found.
    MessageLogFormat format() const { return m_format; }
    bool compressed() const { return m_compressed; }
    int acceptedCount() const { return m_acceptedCount; }
    int zoneLessDates() const { return m_zoneLessDates; }
    QVector<RejectedLine> rejectedLines() const { return m_rejectedLines; }
    QString errorString() const { return m_errorString; }

private:
    bool parseText(QIODevice& device, const MessageEventFile::BatchSink& batchSink, int batchSize,
        const MessageEventFile::ProgressSink& progress);
    bool parseCsv(QIODevice& device, const MessageEventFile::BatchSink& batchSink, int batchSize,
        const MessageEventFile::ProgressSink& progress);

    MessageLogOptions m_options;
    MessageEventFile::ProgressSink m_progressSink;
    std::function<bool()> m_stop;

    MessageLogFormat m_format = MessageLogFormat::Auto;
    bool m_compressed = false;
    int m_acceptedCount = 0;
    int m_zoneLessDates = 0;
    QVector<RejectedLine> m_rejectedLines;
    QString m_errorString;
};

} // namespace Handoff
