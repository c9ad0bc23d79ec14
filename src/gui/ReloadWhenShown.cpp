#include "gui/ReloadWhenShown.h"

#include <QEvent>
#include <QWidget>

#include <utility>

namespace Handoff {

ReloadWhenShown::ReloadWhenShown(QWidget* tab, std::function<void()> reload)
    : QObject(tab)
    , m_tab(tab)
    , m_reload(std::move(reload))
{
    tab->installEventFilter(this);
}

void ReloadWhenShown::request()
{
    m_stale = true;
    if (m_tab->isVisible()) {
        m_stale = false;
        m_reload();
    }
}

bool ReloadWhenShown::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tab && event->type() == QEvent::Show && m_stale) {
        m_stale = false;
        m_reload();
    }
    return QObject::eventFilter(watched, event);
}

} // namespace Handoff
