#include "gui/DialogRunner.h"

#include <QDialog>

#include <utility>

namespace Handoff {

DialogRunner::Handler DialogRunner::s_handler;
QList<const QDialog*> DialogRunner::s_open;

int DialogRunner::exec(QDialog& dialog)
{
    s_open.append(&dialog);
    // A copy: the handler may set another one while it answers.
    const Handler handler = s_handler;
    const int result = handler ? handler(dialog) : dialog.exec();
    s_open.removeOne(&dialog);
    return result;
}

void DialogRunner::setHandler(Handler handler)
{
    s_handler = std::move(handler);
}

bool DialogRunner::isOpenOver(const QWidget* window)
{
    for (const QDialog* dialog : std::as_const(s_open)) {
        // A dialog is a window of its own; the one it covers is its parent's.
        if (dialog->parentWidget() && dialog->parentWidget()->window() == window)
            return true;
    }
    return false;
}

} // namespace Handoff
