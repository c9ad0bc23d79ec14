#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace Handoff {

// A tab reads the store only while someone can see it: a refresh asked for while the
// tab is hidden waits until the tab is next shown, and then happens once.
class ReloadWhenShown final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReloadWhenShown)

public:
    ReloadWhenShown(QWidget* tab, std::function<void()> reload);

    // Reloads now when the tab is visible, else when it is next shown.
    void request();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* m_tab;
    std::function<void()> m_reload;
    bool m_stale = true;
};

} // namespace Handoff
