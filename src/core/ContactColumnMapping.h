#pragma once

#include <QStringList>

namespace Handoff {

// Which column of a contact file holds each known field; -1 when none does. Every
// other column is kept as a custom field. detect() guesses from the header, and the
// import dialog lets the user correct the guess before the file is read.
struct ContactColumnMapping
{
    int firstName = -1;
    int lastName = -1;
    int phone = -1;
    int zip = -1;

    // Matches header names ignoring case, spaces, underscores and hyphens, so "First
    // Name", "first_name" and "FIRSTNAME" are all the first name. When two columns
    // match the same field the first one wins; the other stays a custom field.
    static ContactColumnMapping detect(const QStringList& header);

    // Whether column is one of the known fields rather than a custom one.
    bool isMapped(int column) const;

    bool operator==(const ContactColumnMapping& other) const;
    bool operator!=(const ContactColumnMapping& other) const { return !(*this == other); }
};

} // namespace Handoff
