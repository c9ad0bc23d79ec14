#pragma once

#include <QString>

class QWidget;

namespace Handoff {

// Every file dialog of the window goes through here, so that a test can name the
// next file in advance (setNextFileName) and never blocks on a modal. The folder
// last used is remembered, so the next dialog opens where the user was.
class FileDialog final
{
public:
    // The chosen file, or empty when the user cancelled.
    static QString getOpenFileName(QWidget* parent, const QString& caption, const QString& filter);
    // suggestedName is placed in the folder last used.
    static QString getSaveFileName(QWidget* parent, const QString& caption, const QString& suggestedName,
                                   const QString& filter);

    // The file the next dialog returns at once, without showing itself; an empty
    // string answers "cancelled".
    static void setNextFileName(const QString& fileName);

private:
    static QString take(const QString& chosen);
    static QString lastDirectory();

    static QString s_nextFileName;
    static bool s_hasNext;
};

} // namespace Handoff
