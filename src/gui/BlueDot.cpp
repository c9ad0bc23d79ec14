#include "gui/BlueDot.h"

#include <QPainter>
#include <QStyle>
#include <QStyleOptionViewItem>

namespace Handoff::BlueDot {

QColor color(const QStyleOptionViewItem& option)
{
    if (option.state & QStyle::State_Selected)
        return option.palette.color(QPalette::HighlightedText);
    return color(option.palette);
}

QColor color(const QPalette& palette)
{
    const bool darkBase = palette.color(QPalette::Base).lightness() < 128;
    return darkBase ? QColor(0x4d, 0x9f, 0xff) : QColor(0x1a, 0x73, 0xe8);
}

int diameter(const QStyleOptionViewItem& option)
{
    return std::max(6, option.fontMetrics.height() / 2);
}

void paint(QPainter* painter, const QRect& rect, const QStyleOptionViewItem& option)
{
    const int d = diameter(option);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color(option));
    painter->drawEllipse(QRect(rect.left(), rect.top() + (rect.height() - d) / 2, d, d));
    painter->restore();
}

} // namespace Handoff::BlueDot
