#include "PhoneNormalizer.h"

#include <QCoreApplication>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace Handoff {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

QString tooShort()
{
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "too short");
}

QString tooLong()
{
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "too long");
}

QString unknownCountryCode()
{
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "unknown country code");
}

QString parseFailure(PhoneNumberUtil::ErrorType error)
{
    switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR:
        break;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        return unknownCountryCode();
    case PhoneNumberUtil::NOT_A_NUMBER:
        return QCoreApplication::translate("Handoff::PhoneNormalizer", "not a phone number");
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN:
        return tooShort();
    case PhoneNumberUtil::TOO_LONG_NSN:
        return tooLong();
    }
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "not a phone number");
}

// Why a number that parsed is still not valid: the length tells most cases apart;
// a number of the right length that the numbering plan does not use gets the region.
QString invalidReason(const PhoneNumberUtil& util, const PhoneNumber& number)
{
    switch (util.IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return QCoreApplication::translate("Handoff::PhoneNormalizer", "missing area code");
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return unknownCountryCode();
    case PhoneNumberUtil::TOO_SHORT:
        return tooShort();
    case PhoneNumberUtil::TOO_LONG:
        return tooLong();
    case PhoneNumberUtil::INVALID_LENGTH:
        return QCoreApplication::translate("Handoff::PhoneNormalizer", "wrong number of digits");
    case PhoneNumberUtil::IS_POSSIBLE:
        break;
    }
    std::string region;
    util.GetRegionCodeForCountryCode(number.country_code(), &region);
    return QCoreApplication::translate("Handoff::PhoneNormalizer", "not a valid number for region %1")
        .arg(QString::fromStdString(region));
}

} // namespace

PhoneNormalizer::PhoneNormalizer(const QString& defaultRegion)
{
    setDefaultRegion(defaultRegion);
}

void PhoneNormalizer::setDefaultRegion(const QString& region)
{
    m_defaultRegion = region.trimmed().toUpper();
    m_regionCode = m_defaultRegion.toStdString();
}

std::optional<QString> PhoneNormalizer::toE164(const QString& raw, QString* error) const
{
    const auto fail = [error](const QString& reason) -> std::optional<QString> {
        if (error)
            *error = reason;
        return std::nullopt;
    };

    const QString trimmed = raw.trimmed();
    if (trimmed.isEmpty())
        return fail(QCoreApplication::translate("Handoff::PhoneNormalizer", "no phone number"));

    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const PhoneNumberUtil::ErrorType parsed = util.Parse(trimmed.toStdString(), m_regionCode, &number);
    if (parsed != PhoneNumberUtil::NO_PARSING_ERROR)
        return fail(parseFailure(parsed));
    if (!util.IsValidNumber(number))
        return fail(invalidReason(util, number));

    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    if (error)
        error->clear();
    return QString::fromStdString(e164);
}

} // namespace Handoff
