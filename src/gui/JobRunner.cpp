#include "gui/JobRunner.h"

#include <utility>

namespace Handoff {

JobRunner::JobRunner(QWidget* window, QString storeUrl)
    : QObject(window)
    , m_window(window)
    , m_storeUrl(std::move(storeUrl))
{
}

void JobRunner::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    emit busyChanged(busy);
}

} // namespace Handoff
