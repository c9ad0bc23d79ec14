#pragma once

#include <QStyledItemDelegate>

namespace Handoff {

// Draws a cell's text with the blue "needs reply" dot before it when the model says
// so through dotRole; which cell it sits in is the view's choice, not the delegate's.
class StatusDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusDelegate)

public:
    StatusDelegate(int dotRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int gutter(const QStyleOptionViewItem& option) const;

    int m_dotRole;
};

} // namespace Handoff
