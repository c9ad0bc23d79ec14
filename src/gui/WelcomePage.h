#pragma once

#include <QWidget>

#include <memory>

namespace Handoff {

namespace Ui {
class WelcomePage;
}

// What a first run on an empty store shows instead of the tabs: the three ways to
// start. It only offers; the window acts.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget* parent = nullptr);
    ~WelcomePage() override;

    // Disabled while the demo campaign is being built.
    void setBusy(bool busy);

signals:
    void createCampaignClicked();
    void importContactsClicked();
    void openDemoClicked();
    void connectServerClicked();

private:
    std::unique_ptr<Ui::WelcomePage> m_ui;
};

} // namespace Handoff
