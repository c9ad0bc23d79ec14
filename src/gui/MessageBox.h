#pragma once

#include <QMessageBox>

namespace Handoff {

// Every message box of the window goes through here, so that a test can answer the
// next one in advance (setNextAnswer) and never blocks on a modal.
class MessageBox final
{
public:
    using Button = QMessageBox::StandardButton;
    using Buttons = QMessageBox::StandardButtons;

    static Button question(QWidget* parent, const QString& title, const QString& text,
                           Buttons buttons = Buttons(QMessageBox::Yes | QMessageBox::No),
                           Button defaultButton = QMessageBox::NoButton);
    static Button information(QWidget* parent, const QString& title, const QString& text);
    static Button warning(QWidget* parent, const QString& title, const QString& text);
    static Button critical(QWidget* parent, const QString& title, const QString& text);

    // The answer the next message box gives at once, without showing itself.
    static void setNextAnswer(Button answer);
    // The text of the last message box asked for, answered in advance or shown.
    static QString lastText();

private:
    static Button show(QMessageBox::Icon icon, QWidget* parent, const QString& title, const QString& text,
                       Buttons buttons, Button defaultButton);

    static Button s_nextAnswer;
    static QString s_lastText;
};

} // namespace Handoff
