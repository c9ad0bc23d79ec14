#pragma once

#include <QList>

#include <functional>

class QDialog;
class QWidget;

namespace Handoff {

// Every dialog of the window is run modally through here, so that a test can answer
// it in advance (setHandler) and drive the real dialog without a modal event loop,
// as MessageBox and FileDialog do for theirs.
class DialogRunner final
{
public:
    // Answers a dialog in place of exec(): returns what exec() would have returned.
    using Handler = std::function<int(QDialog&)>;

    // Runs dialog modally, or hands it to the handler when one is set; returns its result.
    static int exec(QDialog& dialog);

    // Every dialog from now on goes to handler instead of showing itself; an empty
    // handler lets them show again. It stays until replaced, because a test answers a
    // whole sequence of dialogs (and the window it opens next) with one handler.
    static void setHandler(Handler handler);

    // Whether a dialog over window is being answered now: what the window would
    // change then waits until it is.
    static bool isOpenOver(const QWidget* window);

private:
    static Handler s_handler;
    static QList<const QDialog*> s_open;
};

} // namespace Handoff
