#include "SenderItemDelegate.h"

#include "BlueDot.h"
#include "SenderListModel.h"

#include <QApplication>
#include <QPainter>

namespace Handoff {

namespace {
constexpr int Margin = 6;
}

SenderItemDelegate::SenderItemDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

void SenderItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    const QString name = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor textColor = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor secondary = textColor;
    secondary.setAlphaF(0.72f);

    const QRect area = opt.rect.adjusted(Margin, Margin / 2, -Margin, -Margin / 2);
    const int lineHeight = opt.fontMetrics.height();
    QRect nameRect(area.left(), area.top(), area.width(), lineHeight);
    QRect countsRect(area.left(), area.top() + lineHeight + 2, area.width(), lineHeight);

    painter->save();
    QFont nameFont = opt.font;
    nameFont.setBold(true);
    if (index.data(SenderListModel::IsUnassignedRole).toBool())
        nameFont.setItalic(true);
    painter->setFont(nameFont);
    painter->setPen(textColor);
    QString shownName = name;
    if (index.data(SenderListModel::SweeperRole).toBool())
        shownName = tr("%1 (sweeper)").arg(name);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(nameFont).elidedText(shownName, Qt::ElideRight, nameRect.width()));

    painter->setFont(opt.font);
    painter->setPen(secondary);
    const QString progress = tr("Progress %1").arg(index.data(SenderListModel::ProgressTextRole).toString());
    painter->drawText(countsRect, Qt::AlignLeft | Qt::AlignVCenter, progress);

    const int needsReply = index.data(SenderListModel::NeedsReplyRole).toInt();
    const QString replies = tr("Needs Reply %1").arg(needsReply);
    const int repliesWidth = opt.fontMetrics.horizontalAdvance(replies);
    const QRect repliesRect(countsRect.right() - repliesWidth, countsRect.top(), repliesWidth, lineHeight);
    painter->drawText(repliesRect, Qt::AlignRight | Qt::AlignVCenter, replies);
    painter->restore();

    if (needsReply > 0) {
        const int d = BlueDot::diameter(opt);
        BlueDot::paint(painter, QRect(repliesRect.left() - d - 4, countsRect.top(), d, lineHeight), opt);
    }
}

QSize SenderItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int height = opt.fontMetrics.height() * 2 + 2 + Margin;
    const int width = opt.fontMetrics.horizontalAdvance(tr("Progress 000/000")) * 2 + Margin * 2;
    return {width, height};
}

} // namespace Handoff
