#include "gui/ActionToolTip.h"

#include <QAction>

namespace Handoff {

void setToolTipWithShortcut(QAction* action, const QString& tip)
{
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    action->setToolTip(keys.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, keys));
}

void addShortcutToToolTip(QAction* action)
{
    setToolTipWithShortcut(action, action->toolTip());
}

} // namespace Handoff
