#pragma once

#include <QStyledItemDelegate>

namespace Handoff {

// One row of the sender list on two lines: the name, then "Progress 42/120" and the
// needs-reply count, with the blue dot when someone is waiting for an answer. Reads
// everything from SenderListModel roles.
class SenderItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SenderItemDelegate)

public:
    explicit SenderItemDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace Handoff
