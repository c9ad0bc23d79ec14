#pragma once

class QAction;
class QString;

namespace Handoff {

// "Reassign Some… (Ctrl+Shift+S)": the shortcut where a mouse user looks for it too.
// Set the action's shortcut first.
void setToolTipWithShortcut(QAction* action, const QString& tip);
// The same for an action whose tooltip a form gives: the keys are added here because
// their text depends on the platform (Ctrl on Linux, ⌘ on macOS).
void addShortcutToToolTip(QAction* action);

} // namespace Handoff
