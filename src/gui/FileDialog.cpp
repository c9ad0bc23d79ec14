#include "gui/FileDialog.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace Handoff {

namespace {
const QString LastDirectoryKey = QStringLiteral("fileDialog/lastDirectory");
}

QString FileDialog::s_nextFileName;
bool FileDialog::s_hasNext = false;

void FileDialog::setNextFileName(const QString& fileName)
{
    s_nextFileName = fileName;
    s_hasNext = true;
}

QString FileDialog::lastDirectory()
{
    const QString last = QSettings().value(LastDirectoryKey).toString();
    if (!last.isEmpty() && QDir(last).exists())
        return last;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

QString FileDialog::take(const QString& chosen)
{
    if (!chosen.isEmpty())
        QSettings().setValue(LastDirectoryKey, QFileInfo(chosen).absolutePath());
    return chosen;
}

QString FileDialog::getOpenFileName(QWidget* parent, const QString& caption, const QString& filter)
{
    if (s_hasNext) {
        s_hasNext = false;
        return take(s_nextFileName);
    }
    return take(QFileDialog::getOpenFileName(parent, caption, lastDirectory(), filter));
}

QString FileDialog::getSaveFileName(QWidget* parent, const QString& caption, const QString& suggestedName,
                                    const QString& filter)
{
    if (s_hasNext) {
        s_hasNext = false;
        return take(s_nextFileName);
    }
    return take(QFileDialog::getSaveFileName(parent, caption, QDir(lastDirectory()).filePath(suggestedName), filter));
}

} // namespace Handoff
