#pragma once

#include <QFlags>
#include <QString>
#include <QStringView>

namespace Handoff {

// Text from outside — a contact's SMS, a name in an imported file, a sender typed on
// another machine — made safe to show a manager. In a terminal a control character is
// a command (ESC starts the sequences that retitle the window or clear the screen); in
// a window a bidi override reverses what follows it and a line separator breaks a
// cell. Each such character is shown as a visible symbol instead, the same in the
// command line and the window: a C0 control or DEL as its Unicode control picture
// (ESC as ␛, NUL as ␀, a line feed as ␊), and one with no picture — a C1 control, a
// bidi embedding, override or isolate, a line or paragraph separator — as �.
// Bidi marks (LRM, RLM, ALM) stay: they reorder nothing beyond their neighbours and
// right-to-left names need them.
namespace DisplayText {

// Controls a format has a use for and keeps; every other one is shown.
enum class Keep
{
    Nothing = 0,
    Tabs = 0x1,
    LineFeeds = 0x2,
    // A progress line rewrites itself with a carriage return.
    CarriageReturns = 0x4,
};
Q_DECLARE_FLAGS(Kept, Keep)
Q_DECLARE_OPERATORS_FOR_FLAGS(Kept)

// Whether visible() draws this character as a symbol.
bool isShownAsSymbol(QChar c, Kept kept = Keep::Nothing);

// The text with every control character it does not keep drawn visibly, one character
// for one, so that a column measured before keeps its width.
QString visible(QStringView text, Kept kept = Keep::Nothing);

// A message body of several lines: its line breaks (LF, CRLF, CR, a line or paragraph
// separator) become line feeds and tabs stay; every other control is shown.
QString paragraphs(QStringView text);

} // namespace DisplayText

} // namespace Handoff
