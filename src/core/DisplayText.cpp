#include "core/DisplayText.h"

namespace Handoff::DisplayText {

namespace {
constexpr char16_t ReplacementCharacter = 0xFFFD;
constexpr char16_t ControlPictures = 0x2400; // U+2400 ␀ … U+241F ␟
constexpr char16_t DeletePicture = 0x2421; // ␡
constexpr char16_t LineSeparator = 0x2028;
constexpr char16_t ParagraphSeparator = 0x2029;

// Embeddings and overrides (LRE … RLO, closed by PDF) and isolates (LRI … PDI).
bool isBidiControl(char16_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool isKept(char16_t c, Kept kept)
{
    return (c == u'\t' && kept.testFlag(Keep::Tabs)) || (c == u'\n' && kept.testFlag(Keep::LineFeeds))
        || (c == u'\r' && kept.testFlag(Keep::CarriageReturns));
}

// What a character is drawn as, or 0 when it is shown as it is.
char16_t symbolFor(char16_t c, Kept kept)
{
    if (c < 0x20)
        return isKept(c, kept) ? 0 : char16_t(ControlPictures + c);
    if (c == 0x7F)
        return DeletePicture;
    if ((c >= 0x80 && c <= 0x9F) || c == LineSeparator || c == ParagraphSeparator || isBidiControl(c))
        return ReplacementCharacter;
    return 0;
}
} // namespace

bool isShownAsSymbol(QChar c, Kept kept)
{
    return symbolFor(c.unicode(), kept) != 0;
}

QString visible(QStringView text, Kept kept)
{
    QString shown = text.toString();
    for (QChar& c : shown) {
        if (const char16_t symbol = symbolFor(c.unicode(), kept))
            c = QChar(symbol);
    }
    return shown;
}

QString paragraphs(QStringView text)
{
    QString lines;
    lines.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c == u'\r') {
            lines += QLatin1Char('\n');
            if (i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
        } else if (c == LineSeparator || c == ParagraphSeparator) {
            lines += QLatin1Char('\n');
        } else {
            lines += QChar(c);
        }
    }
    return visible(lines, Keep::Tabs | Keep::LineFeeds);
}

} // namespace Handoff::DisplayText
