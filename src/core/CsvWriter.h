#pragma once

#include <QString>
#include <QStringList>

class QIODevice;

namespace Handoff {

// Writes RFC 4180 CSV (UTF-8, CRLF after every record, a field quoted when it holds a
// comma, a quote or a line break) for people to open in spreadsheets. What goes out
// comes from contact files and gateways nobody vetted, so every field is neutralised
// first: a spreadsheet never runs it as a formula (see neutralised()).
class CsvWriter
{
public:
    // The device must be open for writing and stay alive while the writer is used.
    explicit CsvWriter(QIODevice* device);

    // Writes one record; false when the device refused it, errorString() then says why.
    bool writeRecord(const QStringList& fields);
    QString errorString() const { return m_errorString; }

    // The value as a spreadsheet must show it and never run it. Following the OWASP
    // guidance on CSV injection, a value starting with =, +, -, @, a tab or a carriage
    // return gets a single quote in front, which makes spreadsheets take it as text.
    // One deliberate exception: a phone number in E.164 form (+ and 2 to 15 digits, the
    // first not 0), which is how Handoff stores every phone. A spreadsheet can read it
    // as nothing but a number, so nothing runs, and the exported phone stays exactly
    // what the store holds: it matches gateway events and imports again as it is.
    static QString neutralised(const QString& value);
    // One field as it is written: neutralised, then quoted when it needs to be.
    static QString field(const QString& value);

private:
    QIODevice* m_device;
    QString m_errorString;
};

} // namespace Handoff
