#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Handoff {

class CliContext;
struct Campaign;

// A campaign's sweep rules, named by their names: add, list, enable, disable, remove.
class RuleCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::RuleCommands)
    Q_DISABLE_COPY_MOVE(RuleCommands)

public:
    explicit RuleCommands(CliContext& context);

    // "rule ACTION ...".
    int rule(const QStringList& arguments);
    // "sweep (--campaign C | --all-campaigns) [--dry-run] [--json] [--watch --every D]".
    int sweep(const QStringList& arguments);

private:
    int add(const QStringList& arguments);
    int list(const QStringList& arguments);
    int change(const QString& action, const QStringList& arguments);

    CliContext& m_context;
};

} // namespace Handoff
