// The phone normaliser every import goes through. Input: one byte that chooses the
// default region (an index into libphonenumber's sorted list of regions, modulo its
// size: in Debian 12's release 227 is US, 75 GB, 55 DE), then the number as typed (UTF-8).
#include "FuzzCheck.h"
#include "core/Limits.h"
#include "core/PhoneNormalizer.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using namespace Handoff;
using namespace HandoffFuzz;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {
const QStringList& regions()
{
    static const QStringList all = PhoneNormalizer::supportedRegions();
    return all;
}

// libphonenumber's own answer, without the normaliser's fast path for North American
// numbers and its cache of valid blocks, read back until it stays put: the library reads
// some of its answers as another number ("01 1 55 1234 5678" in Mexico), and a phone
// Handoff stores must be its own normal form. Nothing if a reading is not valid.
std::optional<QString> libraryAnswer(const QString& trimmed, const QString& region)
{
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    std::string text = trimmed.toStdString();
    for (int reading = 0; reading < 8; ++reading) {
        PhoneNumber number;
        if (util.Parse(text, region.toStdString(), &number) != PhoneNumberUtil::NO_PARSING_ERROR
            || !util.IsValidNumber(number))
            return std::nullopt;
        std::string e164;
        util.Format(number, PhoneNumberUtil::E164, &e164);
        if (e164 == text)
            return QString::fromStdString(e164);
        text = e164;
    }
    return std::nullopt;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const QString region = regions().at(data[0] % regions().size());
    const QString raw = QString::fromUtf8(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));

    const PhoneNormalizer normalizer(region);
    QString why;
    const std::optional<QString> phone = normalizer.toE164(raw, &why);
    std::optional<QString> expected = libraryAnswer(raw.trimmed(), region);
    // libphonenumber calls some numbers of 16 and 17 digits valid; E.164, and Handoff's
    // one rule for every path, stops at 15.
    if (expected && !isE164(*expected))
        expected.reset();

    if (!phone) {
        FUZZ_CHECK(!why.isEmpty(), QStringLiteral("\"%1\" (%2) refused without a reason").arg(raw, region));
        // A number longer than a phone can be is refused unread (libphonenumber's parser is
        // slow on long input), whatever the library would make of it.
        const bool refusedUnread = raw.trimmed().size() > Limits::MaxPhoneLength;
        FUZZ_CHECK(!expected || refusedUnread,
            QStringLiteral("\"%1\" (%2) refused (%3), libphonenumber reads %4")
                .arg(raw, region, why, *expected));
        return 0;
    }
    FUZZ_CHECK(why.isEmpty(), QStringLiteral("\"%1\" (%2) accepted with a reason: %3").arg(raw, region, why));
    FUZZ_CHECK(
        isE164(*phone), QStringLiteral("\"%1\" (%2) became \"%3\", not E.164").arg(raw, region, *phone));
    FUZZ_CHECK(expected == phone,
        QStringLiteral("\"%1\" (%2) became %3, libphonenumber reads %4")
            .arg(raw, region, *phone, expected.value_or(QStringLiteral("nothing"))));

    // A normalised number is its own normal form, whatever the default region.
    for (const QString& other : { region, QStringLiteral("US"), QStringLiteral("DE") }) {
        const std::optional<QString> again = PhoneNormalizer(other).toE164(*phone);
        FUZZ_CHECK(again == phone,
            QStringLiteral("%1 normalised again (%2) became %3")
                .arg(*phone, other, again.value_or(QStringLiteral("nothing"))));
    }
    return 0;
}
