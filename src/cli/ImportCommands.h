#pragma once

#include "core/RejectedLine.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVector>

class QFile;
class QTextStream;

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
    // Opens path, or standard input for "-"; the message says why not, or is empty.
    static QString open(const QString& path, QFile& file);
    static void printNotes(QTextStream& out, const QStringList& notes);
    static void printRejected(QTextStream& out, const QVector<RejectedLine>& rejected);

    CliContext& m_context;
};

} // namespace Handoff
