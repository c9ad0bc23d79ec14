#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <string>

namespace Handoff {

// Turns a phone number as people type it ("(415) 230-1002", "+44 20 7946 0958") into
// E.164 ("+14152301002"), using libphonenumber's metadata to reject numbers that cannot
// be dialled. Numbers without a country code are read as numbers of the default region.
// It is the one rule for what a phone is: contact files, message events and searches
// all go through it, so a number one of them takes, the others find.
// Cheap to copy and safe to call from several threads: the library's PhoneNumberUtil is
// a shared, immutable singleton.
class PhoneNormalizer
{
public:
    // region is an ISO 3166-1 alpha-2 code such as "US" or "GB".
    explicit PhoneNormalizer(const QString& defaultRegion = QStringLiteral("US"));

    QString defaultRegion() const { return m_defaultRegion; }
    void setDefaultRegion(const QString& region);

    // The number in E.164, or nothing when it is not a valid number; then error, if
    // given, says why in words a campaign manager understands ("not a phone number",
    // "too short", "not a valid number for region US"). An extension is dropped. A number
    // is at most 15 digits (E.164), and written in at most Limits::MaxPhoneLength characters.
    std::optional<QString> toE164(const QString& raw, QString* error = nullptr) const;

    // What to look for among stored (E.164) phones when someone searches for typed: the
    // number in E.164 when typed is a whole number ("(415) 230-1001"), its digits when it
    // looks like part of one ("230-10"), or nothing when it is no number at all (a name).
    QString searchForm(const QString& typed) const;

    // Every region the library has numbering plans for, as ISO codes, sorted.
    static QStringList supportedRegions();
    // The calling code a region dials, e.g. 44 for GB; 0 for a region the library does not know.
    static int callingCode(const QString& region);

private:
    QString m_defaultRegion;
    // Kept in the library's string type so a million calls do not convert it each time.
    std::string m_regionCode;
    // The default region dials +1 (US, CA, …): plainly written ten-digit numbers take
    // the fast path of toE164.
    bool m_northAmerican = false;
};

} // namespace Handoff
