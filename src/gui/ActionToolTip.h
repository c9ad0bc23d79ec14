#pragma once

class QAction;
class QString;

namespace Handoff {

// "Reassign Some… (Ctrl+Shift+S)": the shortcut where a mouse user looks for it too.
// Set the action's shortcut first.
void setToolTipWithShortcut(QAction* action, const QString& tip);

} // namespace Handoff
