#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace Handoff {

class CliContext;

// A campaign's senders, named by their roster name: add, list, remove, mark sweepers.
class SenderCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::SenderCommands)
    Q_DISABLE_COPY_MOVE(SenderCommands)

public:
    explicit SenderCommands(CliContext& context);

    // "sender ACTION ...".
    int sender(const QStringList& arguments);

private:
    int add(const QStringList& arguments);
    int list(const QStringList& arguments);
    int remove(const QStringList& arguments);
    int sweeper(const QStringList& arguments);
    int presence(const QStringList& arguments);
    int number(const QStringList& arguments);

    CliContext& m_context;
};

} // namespace Handoff
