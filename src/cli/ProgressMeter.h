#pragma once

#include <QString>

class QTextStream;

namespace Handoff {

// The progress of long work, as a percentage rewritten in place on stderr. Shown only
// when stderr is a terminal: stdout stays the command's answer, and the logs of
// scheduled runs stay free of carriage returns.
class ProgressMeter
{
    Q_DISABLE_COPY_MOVE(ProgressMeter)

public:
    ProgressMeter(QTextStream& err, QString label);
    ~ProgressMeter();

    // total <= 0 when the size of the work is not known.
    void update(qint64 done, qint64 total);
    // Ends the progress line, so that what is printed next starts on its own.
    void finish();

private:
    QTextStream& m_err;
    QString m_label;
    bool m_enabled;
    int m_shown = -1;
};

} // namespace Handoff
