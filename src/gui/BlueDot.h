#pragma once

#include <QColor>
#include <QRect>

class QPainter;
class QPalette;
class QStyleOptionViewItem;

namespace Handoff::BlueDot {

// The "needs a reply" mark. Blue that stays visible on light and dark bases; on a
// selected row, the highlighted-text colour, since the highlight is often blue itself.
QColor color(const QStyleOptionViewItem& option);
// The blue on a background painted with palette's Base: the charts' Needs Reply.
QColor color(const QPalette& palette);
int diameter(const QStyleOptionViewItem& option);
// Paints the dot centred vertically in rect, at its left edge.
void paint(QPainter* painter, const QRect& rect, const QStyleOptionViewItem& option);

} // namespace Handoff::BlueDot
