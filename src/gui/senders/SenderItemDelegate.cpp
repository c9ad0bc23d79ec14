#include "gui/senders/SenderItemDelegate.h"

#include "gui/BlueDot.h"
#include "models/SenderListModel.h"
#include "core/Presence.h"

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
    const int needsReply = index.data(SenderListModel::NeedsReplyRole).toInt();
    const QString replies = tr("Needs Reply %1").arg(needsReply);
    const int repliesWidth = opt.fontMetrics.horizontalAdvance(replies);
    const QRect repliesRect(countsRect.right() - repliesWidth, countsRect.top(), repliesWidth, lineHeight);
    painter->drawText(repliesRect, Qt::AlignRight | Qt::AlignVCenter, replies);

    // Progress takes what the needs-reply count and its dot leave, so longer words
    // (other languages, big numbers) are shortened rather than drawn over the dot.
    const int d = BlueDot::diameter(opt);
    const QRect dotRect(repliesRect.left() - d - 4, countsRect.top(), d, lineHeight);
    const QRect progressRect(countsRect.left(), countsRect.top(), std::max(0, dotRect.left() - 6 - countsRect.left()),
                             lineHeight);
    const QString progress = tr("Progress %1").arg(index.data(SenderListModel::ProgressTextRole).toString());
    painter->drawText(progressRect, Qt::AlignLeft | Qt::AlignVCenter,
                      opt.fontMetrics.elidedText(progress, Qt::ElideRight, progressRect.width()));

    // Presence and when they last texted: a sender away or done reads in italics, so the
    // manager sees at a glance who is not there to take work.
    const QString statusLine = index.data(SenderListModel::StatusLineRole).toString();
    if (!statusLine.isEmpty()) {
        const QRect statusRect(area.left(), countsRect.bottom() + 2, area.width(), lineHeight);
        QFont statusFont = opt.font;
        statusFont.setItalic(Presence(index.data(SenderListModel::PresenceRole).toInt()) != Presence::OnShift);
        painter->setFont(statusFont);
        painter->drawText(statusRect, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(statusFont).elidedText(statusLine, Qt::ElideRight, statusRect.width()));
    }
    painter->restore();

    if (needsReply > 0)
        BlueDot::paint(painter, dotRect, opt);
}

QSize SenderItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Name, counts, presence: three lines for every row, Unassigned too, because the list
    // lays out thousands of senders with one size (uniformItemSizes).
    const int height = opt.fontMetrics.height() * 3 + 4 + Margin;
    const int width = opt.fontMetrics.horizontalAdvance(tr("Progress %1").arg(QStringLiteral("0000/0000")))
        + opt.fontMetrics.horizontalAdvance(tr("Needs Reply %1").arg(QStringLiteral("0000"))) + BlueDot::diameter(opt) + Margin * 4;
    return {width, height};
}

} // namespace Handoff
