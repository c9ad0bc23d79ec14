#include "core/ContactColumnMapping.h"

#include <algorithm>
#include <initializer_list>

namespace Handoff {

namespace {

// Rewired writes its columns as contact[name] and texter[name].
QString unwrapped(const QString& name, QLatin1String wrapper)
{
    const QString trimmed = name.trimmed();
    if (trimmed.size() > wrapper.size() + 2 && trimmed.startsWith(wrapper, Qt::CaseInsensitive)
        && trimmed.at(wrapper.size()) == QLatin1Char('[') && trimmed.endsWith(QLatin1Char(']')))
        return trimmed.mid(wrapper.size() + 1, trimmed.size() - wrapper.size() - 2).trimmed();
    return {};
}

QString comparable(const QString& rawName)
{
    QString name = rawName;
    if (const QString inner = unwrapped(rawName, QLatin1String("contact")); !inner.isEmpty())
        name = inner;
    else if (const QString texter = unwrapped(rawName, QLatin1String("texter")); !texter.isEmpty())
        name = QStringLiteral("texter") + texter;
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
        } else if (isOneOf(name, { QLatin1String("optedout"), QLatin1String("optout"), QLatin1String("isoptedout") })) {
            claim(mapping.optOut, column);
        } else if (isOneOf(name, { QLatin1String("texterfirst"), QLatin1String("texterfirstname") })) {
            claim(mapping.texterFirst, column);
        } else if (isOneOf(name, { QLatin1String("texterlast"), QLatin1String("texterlastname") })) {
            claim(mapping.texterLast, column);
        } else if (isOneOf(name, { QLatin1String("texteremail") })) {
            claim(mapping.texterEmail, column);
        } else if (isOneOf(name, { QLatin1String("textercell"), QLatin1String("texternumber") })) {
            claim(mapping.texterCell, column);
        } else if (isOneOf(name, { QLatin1String("texteralias") })) {
            claim(mapping.texterAlias, column);
        }
    }
    return mapping;
}

QString ContactColumnMapping::customFieldName(const QString& header)
{
    const QString inner = unwrapped(header, QLatin1String("contact"));
    return inner.isEmpty() ? header.trimmed() : inner;
}

bool ContactColumnMapping::isMapped(int column) const
{
    return column >= 0
        && (column == firstName || column == lastName || column == phone || column == zip || column == optOut
            || column == texterFirst || column == texterLast || column == texterEmail || column == texterCell
            || column == texterAlias);
}

bool ContactColumnMapping::operator==(const ContactColumnMapping& other) const
{
    return firstName == other.firstName && lastName == other.lastName && phone == other.phone
        && zip == other.zip && optOut == other.optOut && texterFirst == other.texterFirst
        && texterLast == other.texterLast && texterEmail == other.texterEmail && texterCell == other.texterCell
        && texterAlias == other.texterAlias;
}

} // namespace Handoff
