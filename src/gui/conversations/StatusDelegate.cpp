#include "gui/conversations/StatusDelegate.h"

#include "gui/BlueDot.h"

#include <QApplication>
#include <QPainter>

namespace Handoff {

StatusDelegate::StatusDelegate(int dotRole, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_dotRole(dotRole)
{
}

int StatusDelegate::gutter(const QStyleOptionViewItem& option) const
{
    return BlueDot::diameter(option) * 2;
}

void StatusDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // Every row leaves the gutter, so that status words line up with or without a dot.
    const int space = gutter(opt);
    QStyleOptionViewItem textOption = opt;
    textOption.rect.adjust(space, 0, 0, 0);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    // The background and selection span the whole cell; the text starts after the gutter.
    QStyleOptionViewItem background = opt;
    background.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    textOption.backgroundBrush = Qt::NoBrush;
    textOption.state &= ~QStyle::State_HasFocus;
    textOption.showDecorationSelected = false;
    style->drawControl(QStyle::CE_ItemViewItem, &textOption, painter, widget);

    if (index.data(m_dotRole).toBool()) {
        const QRect dotRect(opt.rect.left() + space / 4, opt.rect.top(), space, opt.rect.height());
        BlueDot::paint(painter, dotRect, opt);
    }
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += gutter(option);
    return size;
}

} // namespace Handoff
