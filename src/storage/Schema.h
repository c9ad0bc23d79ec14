#pragma once

#include <QStringList>

namespace Handoff::Schema {

// The statements that take a store from version - 1 to version. Released
// migrations are never edited: a change to the schema is a new version.
QStringList migration(int version);
// What PostgreSQL runs after migration(version): what SQLite has no spelling for,
// such as the triggers that announce every change of a campaign (LISTEN/NOTIFY).
QStringList postgresMigration(int version);
// What SQLite runs after migration(version), in its own spelling (its triggers).
QStringList sqliteMigration(int version);
// Schema 7: the Pulse sums (pulse_hours, pulse_waits) of every campaign, or of the one
// campaign bound to the statements' one placeholder, from its messages.
QStringList pulseBackfill(bool oneCampaign);

// A child table's column that names a row (by id) of its parent table.
struct Reference
{
    QString child;
    QString column;
    QString parent;
};
// The references of the tables that grow with the campaigns. Schema 8 checks them on
// PostgreSQL once per statement, by triggers, instead of by a FOREIGN KEY constraint
// row by row (docs/concurrency.md, "References checked per statement"); SQLite keeps
// the constraints. `handoff-cli check` looks for rows that name a missing parent.
const QList<Reference>& bigReferences();

// Schema 12, PostgreSQL: the setting a move's transaction turns on for its one
// statement that writes the conversations and records them in the history, whose moves
// then skip the check of their conversation (that statement has just written it).
inline constexpr char HistoryFromUpdate[] = "handoff.history_from_update";

} // namespace Handoff::Schema
