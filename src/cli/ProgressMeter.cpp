#include "cli/ProgressMeter.h"

#include <QTextStream>
#include <algorithm>
#include <cstdio>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

namespace Handoff {

namespace {
bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr));
#else
    return isatty(fileno(stderr));
#endif
}
} // namespace

ProgressMeter::ProgressMeter(QTextStream& err, QString label)
    : m_err(err)
    , m_label(std::move(label))
    , m_enabled(stderrIsTerminal())
{ }

ProgressMeter::~ProgressMeter()
{
    finish();
}

void ProgressMeter::finish()
{
    if (m_enabled && m_shown >= 0)
        m_err << QLatin1Char('\n') << Qt::flush;
    m_shown = -1;
}

void ProgressMeter::update(qint64 done, qint64 total)
{
    if (!m_enabled || total <= 0)
        return;
    const int percent = int(std::clamp<qint64>(done * 100 / total, 0, 100));
    if (percent == m_shown)
        return;
    m_shown = percent;
    m_err << QLatin1Char('\r') << m_label << QLatin1Char(' ') << percent << QLatin1Char('%') << Qt::flush;
}

} // namespace Handoff
