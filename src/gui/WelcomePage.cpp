#include "WelcomePage.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace Handoff {

namespace {
QPushButton* choice(const QString& objectName, const QString& text, const QString& accessibleName,
                    const QString& icon, QWidget* parent)
{
    auto* button = new QPushButton(QIcon::fromTheme(icon), text, parent);
    button->setObjectName(objectName);
    button->setAccessibleName(accessibleName);
    button->setMinimumHeight(button->sizeHint().height() * 3 / 2);
    button->setMinimumWidth(230);
    return button;
}

QLabel* explanation(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return label;
}
} // namespace

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    setAccessibleName(tr("Welcome"));

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* column = new QVBoxLayout;
    column->setSpacing(14);

    auto* title = new QLabel(tr("Welcome to Handoff"), this);
    title->setObjectName(QStringLiteral("welcomeTitleLabel"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    title->setFont(big);
    column->addWidget(title);
    auto* intro = explanation(
        tr("Handoff moves texting conversations between senders, exactly and safely: every contact "
           "gets a first text, every reply gets answered. There is no campaign here yet."),
        this);
    intro->setObjectName(QStringLiteral("welcomeIntroLabel"));
    column->addWidget(intro);
    column->addSpacing(10);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(18);
    grid->setVerticalSpacing(12);
    m_createButton = choice(QStringLiteral("welcomeCreateCampaignButton"), tr("&Create a Campaign…"),
                            tr("Create a Campaign"), QStringLiteral("document-new"), this);
    m_importButton = choice(QStringLiteral("welcomeImportContactsButton"), tr("&Import Contacts…"),
                            tr("Import Contacts"), QStringLiteral("document-import"), this);
    m_demoButton = choice(QStringLiteral("welcomeOpenDemoButton"), tr("Open the &Demo Campaign"),
                          tr("Open the Demo Campaign"), QStringLiteral("document-open"), this);
    grid->addWidget(m_createButton, 0, 0);
    grid->addWidget(explanation(tr("Name a campaign, then add its senders and contacts."), this), 0, 1);
    grid->addWidget(m_importButton, 1, 0);
    grid->addWidget(explanation(tr("Start a campaign from a CSV file of contacts (name, phone, ZIP, any other "
                                   "columns), dealt out to senders if you like."),
                                this),
                    1, 1);
    grid->addWidget(m_demoButton, 2, 0);
    grid->addWidget(explanation(tr("Try reassigning on a realistic campaign: eight senders and thousands of "
                                   "conversations in every status."),
                                this),
                    2, 1);
    m_serverButton = choice(QStringLiteral("welcomeConnectServerButton"), tr("Connect to a &Team Server…"),
                            tr("Connect to a Team Server"), QStringLiteral("network-server"), this);
    grid->addWidget(m_serverButton, 3, 0);
    grid->addWidget(explanation(tr("Work on the campaigns your team keeps on a shared PostgreSQL server."), this),
                    3, 1);
    grid->setColumnStretch(1, 1);
    column->addLayout(grid);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addLayout(column, 0);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
    for (QLabel* label : findChildren<QLabel*>())
        label->setMaximumWidth(560);

    connect(m_createButton, &QPushButton::clicked, this, &WelcomePage::createCampaignClicked);
    connect(m_importButton, &QPushButton::clicked, this, &WelcomePage::importContactsClicked);
    connect(m_demoButton, &QPushButton::clicked, this, &WelcomePage::openDemoClicked);
    connect(m_serverButton, &QPushButton::clicked, this, &WelcomePage::connectServerClicked);
}

void WelcomePage::setBusy(bool busy)
{
    for (QPushButton* button : {m_createButton, m_importButton, m_demoButton, m_serverButton})
        button->setEnabled(!busy);
}

} // namespace Handoff
