#include "core/ContactFile.h"

#include "core/Limits.h"

#include <QCoreApplication>
#include <QHash>
#include <QIODevice>
#include <QSet>

#include <algorithm>

namespace Handoff {

namespace {

struct CustomColumn
{
    int column;
    QString name;
};

// Blank header names become "Column 5", and a repeated name gets " (2)", " (3)", so no
// value is lost to another column's key. Each name remembers the copy number it reached,
// so a name repeated n times costs n steps, not n².
QVector<CustomColumn> customColumns(const QStringList& header, const ContactColumnMapping& mapping)
{
    QVector<CustomColumn> columns;
    QSet<QString> taken;
    QHash<QString, int> nextCopy;
    for (int column = 0; column < header.size(); ++column) {
        if (mapping.isMapped(column))
            continue;
        QString base = ContactColumnMapping::customFieldName(header.at(column));
        if (base.isEmpty())
            base = QCoreApplication::translate("Handoff::ContactFile", "Column %1").arg(column + 1);
        QString name = base;
        if (taken.contains(name)) {
            int& copy = nextCopy[base];
            copy = qMax(copy, 2);
            do
                name = base + QStringLiteral(" (%1)").arg(copy++);
            while (taken.contains(name));
        }
        taken.insert(name);
        columns.append({ column, name });
    }
    return columns;
}

bool isBlank(const QString& value)
{
    return value.trimmed().isEmpty();
}

QString valueAt(const QStringList& fields, int column)
{
    return column >= 0 && column < fields.size() ? fields.at(column).trimmed() : QString();
}

bool hasNul(const QString& value)
{
    return value.contains(QChar(0));
}

// Spoke writes true/false, its forks t/f; spreadsheets 1/0 or yes/no.
bool truthy(const QString& value)
{
    const QString v = value.trimmed().toLower();
    return v == QLatin1String("true") || v == QLatin1String("t") || v == QLatin1String("yes")
        || v == QLatin1String("y") || v == QLatin1String("1");
}

// A value quoted in a report stays short enough to read, however long it was.
QString shown(const QString& value)
{
    constexpr int Shown = 40;
    return value.size() <= Shown ? value : value.left(Shown) + QChar(0x2026);
}

} // namespace

void ContactFile::setDefaultRegion(const QString& region)
{
    m_normalizer.setDefaultRegion(region);
}

void ContactFile::setMapping(const ContactColumnMapping& mapping)
{
    m_chosenMapping = mapping;
}

void ContactFile::setKnownPhoneCheck(const KnownPhoneCheck& check)
{
    m_knownPhoneCheck = check;
}

void ContactFile::setProgressSink(const ProgressSink& sink)
{
    m_progressSink = sink;
}

QStringList ContactFile::customFieldNames() const
{
    QStringList names;
    for (const CustomColumn& custom : customColumns(m_header, m_mapping))
        names.append(custom.name);
    return names;
}

bool ContactFile::parse(QIODevice& device, const BatchSink& batchSink, int batchSize)
{
    m_header.clear();
    m_mapping = {};
    m_acceptedCount = 0;
    m_knownCount = 0;
    m_encoding = CsvReader::Encoding::Utf8;
    m_rejectedLines.clear();
    m_errorString.clear();
    batchSize = qMax(1, batchSize);

    CsvReader reader(&device);
    const qint64 totalBytes = device.isSequential() ? -1 : device.size();
    qint64 reportedBytes = -1;
    const auto reportProgress = [&] {
        if (m_progressSink && reader.bytesRead() != reportedBytes) {
            reportedBytes = reader.bytesRead();
            m_progressSink(reportedBytes, totalBytes);
        }
    };

    QStringList fields;
    int line = 0;
    if (!reader.readRecord(m_header, line)) {
        return fail(reader.hasError()
                ? reader.errorString()
                : QCoreApplication::translate("Handoff::ContactFile", "The file is empty."));
    }
    m_encoding = reader.encoding();
    // The header names every column of every row: one that is too long or too wide
    // makes the whole file unreadable.
    if (!reader.recordProblem().isEmpty()) {
        return fail(QCoreApplication::translate("Handoff::ContactFile", "Line %1, the header, has %2.")
                        .arg(line)
                        .arg(reader.recordProblem()));
    }
    for (int column = 0; column < m_header.size(); ++column) {
        if (m_header.at(column).trimmed().size() > Limits::MaxColumnNameLength) {
            return fail(QCoreApplication::translate("Handoff::ContactFile",
                "Line %1, the header: the name of column %2 is longer than %3 characters.")
                            .arg(line)
                            .arg(column + 1)
                            .arg(Limits::MaxColumnNameLength));
        }
    }
    m_mapping = m_chosenMapping.value_or(ContactColumnMapping::detect(m_header));
    if (m_mapping.phone < 0 || m_mapping.phone >= m_header.size()) {
        return fail(QCoreApplication::translate("Handoff::ContactFile",
            "The file has no phone column. Name the column of phone "
            "numbers \"Phone\", \"Cell\" or \"Mobile\", or choose it "
            "when importing."));
    }
    const QVector<CustomColumn> custom = customColumns(m_header, m_mapping);
    const int headerSize = m_header.size();

    // E.164 numbers are at most 15 digits, so a number is its own compact key; a
    // million QString keys would cost several times the memory.
    QHash<quint64, int> firstLineOfPhone;
    QVector<ContactRecord> batch;
    batch.reserve(batchSize);

    while (reader.readRecord(fields, line)) {
        if (m_stopped.load(std::memory_order_relaxed))
            return fail(QCoreApplication::translate("Handoff::ContactFile", "Stopped before the end of the file."));
        reportProgress();
        if (!reader.recordProblem().isEmpty()) {
            reject(line, reader.recordProblem());
            continue;
        }
        if (std::all_of(fields.cbegin(), fields.cend(), isBlank))
            continue;
        // No store keeps a NUL in text; it is a sign of a binary or UTF-16 file anyway.
        if (std::any_of(fields.cbegin(), fields.cend(), hasNul)) {
            reject(line, QCoreApplication::translate("Handoff::ContactFile", "has a NUL character"));
            continue;
        }
        if (fields.size() > headerSize
            && !std::all_of(fields.cbegin() + headerSize, fields.cend(), isBlank)) {
            reject(line,
                QCoreApplication::translate("Handoff::ContactFile", "has %1 fields, header has %2")
                    .arg(fields.size())
                    .arg(headerSize));
            continue;
        }

        const QString rawPhone = valueAt(fields, m_mapping.phone);
        if (rawPhone.isEmpty()) {
            reject(line, QCoreApplication::translate("Handoff::ContactFile", "no phone number"));
            continue;
        }
        QString why;
        const std::optional<QString> phone = m_normalizer.toE164(rawPhone, &why);
        if (!phone) {
            reject(line,
                QCoreApplication::translate("Handoff::ContactFile", "invalid phone \"%1\": %2")
                    .arg(shown(rawPhone), why));
            continue;
        }
        const quint64 key = QStringView(*phone).mid(1).toULongLong();
        if (const auto seen = firstLineOfPhone.constFind(key); seen != firstLineOfPhone.cend()) {
            reject(line,
                QCoreApplication::translate("Handoff::ContactFile", "duplicate of line %1 (%2)")
                    .arg(seen.value())
                    .arg(*phone));
            continue;
        }
        if (m_knownPhoneCheck && m_knownPhoneCheck(*phone)) {
            reject(line, QCoreApplication::translate("Handoff::ContactFile", "already in the campaign"));
            ++m_knownCount;
            continue;
        }
        firstLineOfPhone.insert(key, line);

        ContactRecord record;
        record.line = line;
        record.firstName = valueAt(fields, m_mapping.firstName);
        record.lastName = valueAt(fields, m_mapping.lastName);
        if (record.firstName.size() > Limits::MaxNameLength
            || record.lastName.size() > Limits::MaxNameLength) {
            reject(line,
                QCoreApplication::translate("Handoff::ContactFile", "a name is longer than %1 characters")
                    .arg(Limits::MaxNameLength));
            continue;
        }
        record.phoneE164 = *phone;
        record.zip = valueAt(fields, m_mapping.zip);
        record.optedOut = truthy(valueAt(fields, m_mapping.optOut));
        record.texterName = QString(valueAt(fields, m_mapping.texterFirst) + QLatin1Char(' ')
                                    + valueAt(fields, m_mapping.texterLast))
                                .simplified();
        record.texterEmail = valueAt(fields, m_mapping.texterEmail);
        if (record.texterName.size() > Limits::MaxNameLength || record.texterEmail.size() > Limits::MaxNameLength) {
            reject(line,
                QCoreApplication::translate("Handoff::ContactFile", "the texter's name or e-mail is longer than %1 "
                                                                    "characters")
                    .arg(Limits::MaxNameLength));
            continue;
        }
        for (const CustomColumn& column : custom)
            record.customFields.insert(column.name, valueAt(fields, column.column));
        batch.append(std::move(record));
        if (batch.size() == batchSize) {
            batchSink(batch);
            m_acceptedCount += batch.size();
            batch.clear();
        }
    }
    if (reader.hasError())
        return fail(reader.errorString());
    if (!batch.isEmpty()) {
        batchSink(batch);
        m_acceptedCount += batch.size();
    }
    reportProgress();
    return true;
}

bool ContactFile::fail(const QString& message)
{
    m_errorString = message;
    return false;
}

void ContactFile::reject(int line, const QString& reason)
{
    m_rejectedLines.append({ line, reason });
}

} // namespace Handoff
