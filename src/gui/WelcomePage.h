#pragma once

#include <QWidget>

class QPushButton;

namespace Handoff {

// What a first run on an empty store shows instead of the tabs: the three ways to
// start. It only offers; the window acts.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget* parent = nullptr);

    // Disabled while the demo campaign is being built.
    void setBusy(bool busy);

signals:
    void createCampaignClicked();
    void importContactsClicked();
    void openDemoClicked();
    void connectServerClicked();

private:
    QPushButton* m_createButton = nullptr;
    QPushButton* m_serverButton = nullptr;
    QPushButton* m_importButton = nullptr;
    QPushButton* m_demoButton = nullptr;
};

} // namespace Handoff
