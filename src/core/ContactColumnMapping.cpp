#include "core/ContactColumnMapping.h"

#include <algorithm>
#include <initializer_list>

namespace Handoff {

namespace {

QString comparable(const QString& name)
{
    QString result;
    result.reserve(name.size());
    for (const QChar c : name) {
        if (!c.isSpace() && c != QLatin1Char('_') && c != QLatin1Char('-'))
            result.append(c.toLower());
    }
    return result;
}

bool isOneOf(const QString& name, std::initializer_list<QLatin1String> spellings)
{
    return std::find(spellings.begin(), spellings.end(), name) != spellings.end();
}

} // namespace

ContactColumnMapping ContactColumnMapping::detect(const QStringList& header)
{
    ContactColumnMapping mapping;
    const auto claim = [](int& field, int column) {
        if (field < 0)
            field = column;
    };
    for (int column = 0; column < header.size(); ++column) {
        const QString name = comparable(header.at(column));
        if (isOneOf(name,
                { QLatin1String("firstname"), QLatin1String("first"), QLatin1String("givenname"),
                    QLatin1String("fname") })) {
            claim(mapping.firstName, column);
        } else if (isOneOf(name,
                       { QLatin1String("lastname"), QLatin1String("last"), QLatin1String("surname"),
                           QLatin1String("familyname"), QLatin1String("lname") })) {
            claim(mapping.lastName, column);
        } else if (isOneOf(name,
                       { QLatin1String("phone"), QLatin1String("cell"), QLatin1String("mobile"),
                           QLatin1String("phonenumber"), QLatin1String("cellphone"),
                           QLatin1String("mobilephone"), QLatin1String("mobilenumber") })) {
            claim(mapping.phone, column);
        } else if (isOneOf(name,
                       { QLatin1String("zip"), QLatin1String("zipcode"), QLatin1String("postalcode"),
                           QLatin1String("postcode") })) {
            claim(mapping.zip, column);
        }
    }
    return mapping;
}

bool ContactColumnMapping::isMapped(int column) const
{
    return column >= 0 && (column == firstName || column == lastName || column == phone || column == zip);
}

bool ContactColumnMapping::operator==(const ContactColumnMapping& other) const
{
    return firstName == other.firstName && lastName == other.lastName && phone == other.phone
        && zip == other.zip;
}

} // namespace Handoff
