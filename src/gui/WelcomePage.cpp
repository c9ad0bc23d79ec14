#include "gui/WelcomePage.h"

#include "ui_WelcomePage.h"

namespace Handoff {

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::WelcomePage>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("welcomePage"));
    m_ui->setupUi(this);

    // Sized from the user's own font, which a form cannot know.
    QFont big = m_ui->welcomeTitleLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_ui->welcomeTitleLabel->setFont(big);
    for (QPushButton* button : {m_ui->welcomeCreateCampaignButton, m_ui->welcomeImportContactsButton,
                                m_ui->welcomeOpenDemoButton, m_ui->welcomeConnectServerButton})
        button->setMinimumHeight(button->sizeHint().height() * 3 / 2);

    connect(m_ui->welcomeCreateCampaignButton, &QPushButton::clicked, this, &WelcomePage::createCampaignClicked);
    connect(m_ui->welcomeImportContactsButton, &QPushButton::clicked, this, &WelcomePage::importContactsClicked);
    connect(m_ui->welcomeOpenDemoButton, &QPushButton::clicked, this, &WelcomePage::openDemoClicked);
    connect(m_ui->welcomeConnectServerButton, &QPushButton::clicked, this, &WelcomePage::connectServerClicked);
}

WelcomePage::~WelcomePage() = default;

void WelcomePage::setBusy(bool busy)
{
    for (QPushButton* button : {m_ui->welcomeCreateCampaignButton, m_ui->welcomeImportContactsButton,
                                m_ui->welcomeOpenDemoButton, m_ui->welcomeConnectServerButton})
        button->setEnabled(!busy);
}

} // namespace Handoff
