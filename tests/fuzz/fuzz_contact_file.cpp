// The contact file, as Import Contacts reads it: a CSV of any shape, US numbers by default.
#include "core/ContactFile.h"
#include "FuzzCheck.h"

#include <QBuffer>
#include <QSet>

using namespace Handoff;
using namespace HandoffFuzz;

namespace {
// Small, so that the batching is exercised by small inputs too.
constexpr int BatchSize = 3;

// Stands in for the campaign's phones: every number ending in 7 is "already there".
bool alreadyInCampaign(const QString& phone)
{
    return phone.endsWith(QLatin1Char('7'));
}

bool isTrimmed(const QString& value)
{
    return value == value.trimmed();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    QByteArray text(reinterpret_cast<const char*>(data), qsizetype(size));
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    const qsizetype lines = lineBreaks(text) + 1;

    ContactFile file;
    file.setKnownPhoneCheck(alreadyInCampaign);
    QVector<ContactRecord> accepted;
    const bool parsed = file.parse(
        buffer,
        [&](const QVector<ContactRecord>& batch) {
            FUZZ_CHECK(!batch.isEmpty() && batch.size() <= BatchSize,
                QStringLiteral("a batch of %1").arg(batch.size()));
            accepted += batch;
        },
        BatchSize);

    if (!parsed) {
        FUZZ_CHECK(!file.errorString().isEmpty(), QStringLiteral("refused without a reason"));
        return 0;
    }
    FUZZ_CHECK(file.errorString().isEmpty(), file.errorString());
    FUZZ_CHECK(file.acceptedCount() == accepted.size(),
        QStringLiteral("says %1 accepted, handed over %2").arg(file.acceptedCount()).arg(accepted.size()));

    // The header takes a line; every other line is a contact, a rejection or nothing.
    const QVector<RejectedLine> rejected = file.rejectedLines();
    FUZZ_CHECK(accepted.size() + rejected.size() <= lines - 1,
        QStringLiteral("%1 accepted and %2 rejected from %3 lines")
            .arg(accepted.size())
            .arg(rejected.size())
            .arg(lines));
    QSet<int> linesSeen;
    int previous = 1;
    for (const RejectedLine& r : rejected) {
        FUZZ_CHECK(r.line > previous && r.line <= lines,
            QStringLiteral("rejected line %1 after %2, of %3").arg(r.line).arg(previous).arg(lines));
        FUZZ_CHECK(!r.reason.isEmpty(), QStringLiteral("line %1 rejected without a reason").arg(r.line));
        previous = r.line;
        linesSeen.insert(r.line);
    }

    const QStringList customNames = file.customFieldNames();
    const QSet<QString> customKeys(customNames.cbegin(), customNames.cend());
    FUZZ_CHECK(customKeys.size() == customNames.size(),
        QStringLiteral("custom field names repeat: %1").arg(customNames.join(QStringLiteral("|"))));
    FUZZ_CHECK(!customKeys.contains(QString()), QStringLiteral("a custom field without a name"));

    QSet<QString> phones;
    previous = 1;
    for (const ContactRecord& c : accepted) {
        FUZZ_CHECK(c.line > previous && c.line <= lines,
            QStringLiteral("contact on line %1 after %2, of %3").arg(c.line).arg(previous).arg(lines));
        FUZZ_CHECK(!linesSeen.contains(c.line), QStringLiteral("line %1 accepted and rejected").arg(c.line));
        previous = c.line;
        FUZZ_CHECK(isE164(c.phoneE164), QStringLiteral("phone \"%1\" is not E.164").arg(c.phoneE164));
        FUZZ_CHECK(!phones.contains(c.phoneE164), QStringLiteral("%1 accepted twice").arg(c.phoneE164));
        FUZZ_CHECK(!alreadyInCampaign(c.phoneE164),
            QStringLiteral("%1 is already in the campaign").arg(c.phoneE164));
        phones.insert(c.phoneE164);
        FUZZ_CHECK(isTrimmed(c.firstName) && isTrimmed(c.lastName) && isTrimmed(c.zip),
            QStringLiteral("untrimmed values on line %1").arg(c.line));
        FUZZ_CHECK(c.customFields.size() == customNames.size(),
            QStringLiteral("line %1 has %2 custom fields, the file %3")
                .arg(c.line)
                .arg(c.customFields.size())
                .arg(customNames.size()));
        for (const QString& name : customNames)
            FUZZ_CHECK(
                c.customFields.contains(name), QStringLiteral("line %1 lacks \"%2\"").arg(c.line).arg(name));
    }
    return 0;
}
