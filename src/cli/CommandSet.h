#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVector>
#include <functional>

namespace Handoff {

class CliContext;

// Named commands and what runs them: the commands of handoff-cli, and the actions of
// a command group such as "campaign create" and "campaign list".
class CommandSet
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::CommandSet)

public:
    using Handler = std::function<int(const QStringList& arguments)>;

    // synopsis is what the listing shows for the command, e.g. "create NAME".
    void add(const QString& name, const QString& synopsis, const QString& summary, Handler handler);

    bool contains(const QString& name) const;
    // The command must exist.
    int run(const QString& name, const QStringList& arguments) const;
    QStringList names() const;
    // One line a command, synopsis and summary in aligned columns.
    QString listing() const;

    // Runs the action a group command names first ("campaign create ..."), or prints
    // the group's help; an action missing or unknown is a usage error.
    int runGroup(CliContext& context, const QString& group, const QString& description,
        const QStringList& arguments) const;

private:
    struct Entry
    {
        QString name;
        QString synopsis;
        QString summary;
        Handler handler;
    };
    QVector<Entry> m_entries;
};

} // namespace Handoff
