#pragma once

#include "core/ContactColumnMapping.h"
#include "core/CsvReader.h"
#include "core/PhoneNormalizer.h"
#include "core/RejectedLine.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>
#include <optional>

class QIODevice;

namespace Handoff {

struct ContactRecord
{
    // The line of the file the contact's row starts on, 1-based.
    int line = 0;
    QString firstName;
    QString lastName;
    QString phoneE164;
    QString zip;
    // Every column that is not a known field, by its header name.
    QJsonObject customFields;
    // From a Spoke export: the contact opted out, and the texter their conversation is with
    // (name as "First Last", and e-mail; both empty when the file names none).
    bool optedOut = false;
    QString texterName;
    QString texterEmail;
};

// Reads a CSV file of contacts: a header row, then one contact a row. Contacts are
// handed over in batches as they are read, so a file of a million rows never sits in
// memory whole. A row is rejected, with its line and a reason, when its phone is empty,
// not a valid number, already seen earlier in the file, or already in the campaign.
// A row with fewer fields than the header leaves the missing values empty; one with
// more is rejected, unless the extra fields are blank (spreadsheets pad rows with
// trailing commas). Rows whose fields are all blank are skipped like blank lines.
// Values are trimmed of surrounding spaces. A row over a limit of Limits.h (its length, a
// field, the number of fields, a name) or with a NUL character is rejected too; a header
// over a limit makes the file unreadable.
class ContactFile
{
public:
    static constexpr int DefaultBatchSize = 5000;

    using BatchSink = std::function<void(const QVector<ContactRecord>& batch)>;
    // totalBytes is -1 when the device cannot tell its size.
    using ProgressSink = std::function<void(qint64 bytesRead, qint64 totalBytes)>;
    using KnownPhoneCheck = std::function<bool(const QString& phoneE164)>;

    // The region numbers without a country code belong to; "US" unless set.
    void setDefaultRegion(const QString& region);
    // Use this mapping instead of the one detected from the header.
    void setMapping(const ContactColumnMapping& mapping);
    // Phones for which check returns true are rejected as already in the campaign.
    void setKnownPhoneCheck(const KnownPhoneCheck& check);
    void setProgressSink(const ProgressSink& sink);

    // Makes a running parse() stop at the next row and return false; safe from any
    // thread. For an import cancelled while the file is still being read.
    void stop() { m_stopped.store(true); }

    // Reads the whole device, passing accepted contacts to batchSink at most batchSize
    // at a time. Returns false on a problem with the file as a whole (empty, no phone
    // column, a quote never closed); errorString() then says what. Batches already
    // passed on stay passed on, so a caller storing them should do so in a transaction.
    bool parse(QIODevice& device, const BatchSink& batchSink, int batchSize = DefaultBatchSize);

    // What the last parse() found.
    QStringList header() const { return m_header; }
    ContactColumnMapping mapping() const { return m_mapping; }
    // The names the custom fields are stored under, in column order: the header text,
    // made unique and never empty.
    QStringList customFieldNames() const;
    CsvReader::Encoding encoding() const { return m_encoding; }
    int acceptedCount() const { return m_acceptedCount; }
    // How many of the rejected rows were rejected as already in the campaign.
    int knownCount() const { return m_knownCount; }
    QVector<RejectedLine> rejectedLines() const { return m_rejectedLines; }
    QString errorString() const { return m_errorString; }

private:
    bool fail(const QString& message);
    void reject(int line, const QString& reason);

    PhoneNormalizer m_normalizer;
    std::optional<ContactColumnMapping> m_chosenMapping;
    KnownPhoneCheck m_knownPhoneCheck;
    ProgressSink m_progressSink;

    QStringList m_header;
    ContactColumnMapping m_mapping;
    CsvReader::Encoding m_encoding = CsvReader::Encoding::Utf8;
    int m_acceptedCount = 0;
    int m_knownCount = 0;
    QVector<RejectedLine> m_rejectedLines;
    QString m_errorString;
    std::atomic<bool> m_stopped{false};
};

} // namespace Handoff
