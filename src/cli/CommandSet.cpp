#include "cli/CommandSet.h"

#include "cli/CliContext.h"

#include <QTextStream>
#include <algorithm>

namespace Handoff {

void CommandSet::add(const QString& name, const QString& synopsis, const QString& summary, Handler handler)
{
    m_entries << Entry { name, synopsis, summary, std::move(handler) };
}

bool CommandSet::contains(const QString& name) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(), [&](const Entry& e) { return e.name == name; });
}

int CommandSet::run(const QString& name, const QStringList& arguments) const
{
    const auto entry
        = std::find_if(m_entries.cbegin(), m_entries.cend(), [&](const Entry& e) { return e.name == name; });
    return entry->handler(arguments);
}

QStringList CommandSet::names() const
{
    QStringList names;
    for (const Entry& e : m_entries)
        names << e.name;
    return names;
}

QString CommandSet::listing() const
{
    qsizetype width = 0;
    for (const Entry& e : m_entries)
        width = std::max(width, e.synopsis.size());
    QString text;
    for (const Entry& e : m_entries)
        text += QStringLiteral("  ") + e.synopsis.leftJustified(width + 2) + e.summary + QLatin1Char('\n');
    return text;
}

int CommandSet::runGroup(
    CliContext& context, const QString& group, const QString& description, const QStringList& arguments) const
{
    const QString action = arguments.value(0);
    if (action == QLatin1String("-h") || action == QLatin1String("--help")) {
        context.out() << tr("Usage: handoff-cli %1 ACTION [options]").arg(group) << QLatin1Char('\n')
                      << description << QStringLiteral("\n\n") << tr("Actions:") << QLatin1Char('\n')
                      << listing() << QLatin1Char('\n')
                      << tr("\"handoff-cli %1 ACTION --help\" describes an action.").arg(group)
                      << QLatin1Char('\n');
        return ExitSuccess;
    }
    const QString actions = names().join(QStringLiteral(", "));
    if (action.isEmpty())
        return context.usageError(tr("%1 needs an action; the actions are: %2.").arg(group, actions));
    if (!contains(action))
        return context.usageError(
            tr("Unknown %1 action \"%2\"; the actions are: %3.").arg(group, action, actions));
    return run(action, arguments.mid(1));
}

} // namespace Handoff
