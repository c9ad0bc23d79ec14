#pragma once

#include "RejectedLine.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVector>

namespace Handoff {

class CliContext;

// Data in: contacts from CSV, message events from a gateway's JSON Lines.
class ImportCommands
{
    Q_DECLARE_TR_FUNCTIONS(Handoff::ImportCommands)
    Q_DISABLE_COPY_MOVE(ImportCommands)

public:
    explicit ImportCommands(CliContext& context);

    int importContacts(const QStringList& arguments);
    int importEvents(const QStringList& arguments);

private:
    void printRejected(const QVector<RejectedLine>& rejected);

    CliContext& m_context;
};

} // namespace Handoff
