#include "StoreFile.h"

#include <QCryptographicHash>
#include <QFile>

namespace Handoff {

QByteArray fileDigest(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

bool damageStoreFile(const QString& path, bool everyFollowingPage)
{
    constexpr qint64 PageSize = 4096;
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    const qint64 pages = f.size() / PageSize;
    if (pages < (everyFollowingPage ? 2 : 5))
        return false;
    const qint64 first = everyFollowingPage ? 1 : pages / 3;
    const qint64 count = everyFollowingPage ? pages - 1 : pages / 3;
    if (!f.seek(first * PageSize))
        return false;
    QByteArray garbage(count * PageSize, Qt::Uninitialized);
    for (qsizetype i = 0; i < garbage.size(); ++i)
        garbage[i] = char((i * 37 + 11) % 251);
    return f.write(garbage) == garbage.size();
}

} // namespace Handoff
