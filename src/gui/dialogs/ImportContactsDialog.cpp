#include "ImportContactsDialog.h"

#include "CsvReader.h"
#include "PhoneNormalizer.h"

#include <QCheckBox>
#include <QCollator>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Handoff {

namespace {
const QString RegionSettingKey = QStringLiteral("import/region");
constexpr int SenderIdRole = Qt::UserRole + 1;
constexpr int SweeperRole = Qt::UserRole + 2;
} // namespace

ImportContactsDialog::ImportContactsDialog(const QString& path, const QVector<CampaignSender>& senders,
                                           QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("importContactsDialog"));
    setWindowTitle(tr("Import Contacts"));
    setAccessibleName(tr("Import Contacts"));
    readPreview(path);

    auto* layout = new QVBoxLayout(this);
    auto* fileLabel = new QLabel(
        tr("From <b>%1</b> — the first rows:").arg(QFileInfo(path).fileName().toHtmlEscaped()), this);
    fileLabel->setObjectName(QStringLiteral("fileLabel"));
    fileLabel->setToolTip(path);
    layout->addWidget(fileLabel);
    layout->addWidget(m_preview, 1);

    auto* mappingBox = new QGroupBox(tr("Which column holds"), this);
    auto* form = new QFormLayout(mappingBox);
    const ContactColumnMapping detected = ContactColumnMapping::detect(m_header);
    m_firstNameCombo
        = fieldCombo(QStringLiteral("firstNameColumnComboBox"), tr("First name column"), detected.firstName);
    m_lastNameCombo = fieldCombo(QStringLiteral("lastNameColumnComboBox"), tr("Last name column"), detected.lastName);
    m_phoneCombo = fieldCombo(QStringLiteral("phoneColumnComboBox"), tr("Phone column"), detected.phone);
    m_zipCombo = fieldCombo(QStringLiteral("zipColumnComboBox"), tr("ZIP column"), detected.zip);
    form->addRow(tr("&First name:"), m_firstNameCombo);
    form->addRow(tr("&Last name:"), m_lastNameCombo);
    form->addRow(tr("&Phone:"), m_phoneCombo);
    form->addRow(tr("&ZIP:"), m_zipCombo);
    m_regionCombo = new QComboBox(mappingBox);
    m_regionCombo->setObjectName(QStringLiteral("regionComboBox"));
    m_regionCombo->setAccessibleName(tr("Country of numbers without a country code"));
    m_regionCombo->setToolTip(tr("Numbers written with + and a country code are read as written"));
    fillRegions();
    form->addRow(tr("Numbers without +&code are from:"), m_regionCombo);
    auto* customNote = new QLabel(tr("Every other column is kept as a custom field. Phones become E.164; rows with a "
                                     "missing, invalid or repeated phone are listed afterwards with their line."),
                                  mappingBox);
    customNote->setWordWrap(true);
    form->addRow(customNote);
    layout->addWidget(mappingBox);

    auto* dealBox = new QGroupBox(tr("Senders"), this);
    auto* dealLayout = new QVBoxLayout(dealBox);
    m_dealCheck = new QCheckBox(tr("&Deal the new conversations out to these senders (fair split, in file order):"),
                                dealBox);
    m_dealCheck->setObjectName(QStringLiteral("dealCheckBox"));
    m_dealCheck->setAccessibleName(tr("Deal out to senders"));
    dealLayout->addWidget(m_dealCheck);
    m_dealList = new QListWidget(dealBox);
    m_dealList->setObjectName(QStringLiteral("dealListWidget"));
    m_dealList->setAccessibleName(tr("Senders to deal to"));
    m_dealList->setMaximumHeight(120);
    for (const CampaignSender& s : senders) {
        auto* item = new QListWidgetItem(s.sweeper ? tr("%1 (sweeper)").arg(s.name) : s.name, m_dealList);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(SenderIdRole, s.id);
        item->setData(SweeperRole, s.sweeper);
    }
    dealLayout->addWidget(m_dealList);
    m_sweepersButton = new QPushButton(tr("Select s&weepers"), dealBox);
    m_sweepersButton->setObjectName(QStringLiteral("selectSweepersButton"));
    m_sweepersButton->setAccessibleName(tr("Select sweepers"));
    m_sweepersButton->setAutoDefault(false);
    auto* sweeperRow = new QHBoxLayout;
    sweeperRow->addWidget(m_sweepersButton);
    sweeperRow->addStretch(1);
    dealLayout->addLayout(sweeperRow);
    auto* unassignedNote = new QLabel(tr("Otherwise they wait in Unassigned."), dealBox);
    dealLayout->addWidget(unassignedNote);
    if (senders.isEmpty()) {
        m_dealCheck->setEnabled(false);
        m_dealList->hide();
        m_sweepersButton->hide();
        unassignedNote->setText(tr("The campaign has no senders yet: the new conversations wait in Unassigned."));
    }
    layout->addWidget(dealBox);

    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("messageLabel"));
    m_messageLabel->setAccessibleName(tr("Problem"));
    m_messageLabel->setWordWrap(true);
    layout->addWidget(m_messageLabel);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttonBox"));
    QPushButton* ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("Import"));
    ok->setAccessibleName(tr("Import"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    layout->addWidget(m_buttons);

    for (QComboBox* combo : {m_firstNameCombo, m_lastNameCombo, m_phoneCombo, m_zipCombo})
        connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this, &ImportContactsDialog::refreshState);
    connect(m_dealCheck, &QCheckBox::toggled, this, &ImportContactsDialog::refreshState);
    connect(m_dealList, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        // Ticking a sender means dealing to them.
        if (item->checkState() == Qt::Checked)
            m_dealCheck->setChecked(true);
        refreshState();
    });
    connect(m_sweepersButton, &QPushButton::clicked, this, [this] {
        for (int i = 0; i < m_dealList->count(); ++i)
            if (m_dealList->item(i)->data(SweeperRole).toBool())
                m_dealList->item(i)->setCheckState(Qt::Checked);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_problem.isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refreshState();
    resize(720, sizeHint().height());
}

void ImportContactsDialog::readPreview(const QString& path)
{
    m_preview = new QTableWidget(this);
    m_preview->setObjectName(QStringLiteral("previewTableWidget"));
    m_preview->setAccessibleName(tr("Preview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setSelectionMode(QAbstractItemView::NoSelection);
    m_preview->setWordWrap(false);
    m_preview->setMinimumHeight(150);
    m_preview->verticalHeader()->setDefaultSectionSize(m_preview->fontMetrics().height() + 8);

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_readError = tr("Cannot read %1: %2").arg(path, file.errorString());
        return;
    }
    CsvReader reader(&file);
    int line = 0;
    if (!reader.readRecord(m_header, line)) {
        m_readError = reader.hasError() ? reader.errorString() : tr("The file is empty.");
        return;
    }
    QVector<QStringList> rows;
    QVector<int> lines;
    QStringList fields;
    while (rows.size() < PreviewRows && reader.readRecord(fields, line)) {
        rows << fields;
        lines << line;
    }
    m_preview->setColumnCount(int(m_header.size()));
    m_preview->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        m_preview->setVerticalHeaderItem(r, new QTableWidgetItem(tr("Line %1").arg(lines[r])));
        for (int c = 0; c < rows[r].size() && c < m_header.size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    }
    m_preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

QComboBox* ImportContactsDialog::fieldCombo(const QString& objectName, const QString& accessibleName, int column)
{
    auto* combo = new QComboBox(this);
    combo->setObjectName(objectName);
    combo->setAccessibleName(accessibleName);
    combo->addItem(tr("(no column)"), -1);
    for (int c = 0; c < m_header.size(); ++c)
        combo->addItem(tr("Column %1: %2").arg(c + 1).arg(m_header[c]), c);
    combo->setCurrentIndex(combo->findData(column));
    return combo;
}

void ImportContactsDialog::fillRegions()
{
    struct Region
    {
        QString name;
        QString code;
    };
    QVector<Region> regions;
    for (const QString& code : PhoneNormalizer::supportedRegions()) {
        const QLocale::Territory territory = QLocale::codeToTerritory(code);
        QString name = territory == QLocale::AnyTerritory ? code : QLocale::territoryToString(territory);
        regions.push_back({ tr("%1 (+%2)").arg(name).arg(PhoneNormalizer::callingCode(code)), code });
    }
    const QCollator collator;
    std::sort(regions.begin(), regions.end(),
              [&](const Region& a, const Region& b) { return collator.compare(a.name, b.name) < 0; });
    for (const Region& r : std::as_const(regions))
        m_regionCombo->addItem(r.name, r.code);

    QString preferred = QSettings().value(RegionSettingKey).toString();
    if (m_regionCombo->findData(preferred) < 0)
        preferred = QLocale::territoryToCode(QLocale::system().territory());
    if (m_regionCombo->findData(preferred) < 0)
        preferred = QStringLiteral("US");
    m_regionCombo->setCurrentIndex(m_regionCombo->findData(preferred));
}

QString ImportContactsDialog::region() const
{
    return m_regionCombo->currentData().toString();
}

void ImportContactsDialog::accept()
{
    QSettings().setValue(RegionSettingKey, region());
    QDialog::accept();
}

ContactColumnMapping ImportContactsDialog::mapping() const
{
    ContactColumnMapping m;
    m.firstName = m_firstNameCombo->currentData().toInt();
    m.lastName = m_lastNameCombo->currentData().toInt();
    m.phone = m_phoneCombo->currentData().toInt();
    m.zip = m_zipCombo->currentData().toInt();
    return m;
}

QVector<SenderId> ImportContactsDialog::dealTo() const
{
    QVector<SenderId> ids;
    if (!m_dealCheck->isChecked())
        return ids;
    for (int i = 0; i < m_dealList->count(); ++i)
        if (m_dealList->item(i)->checkState() == Qt::Checked)
            ids << m_dealList->item(i)->data(SenderIdRole).toLongLong();
    return ids;
}

void ImportContactsDialog::refreshState()
{
    const ContactColumnMapping m = mapping();
    // Show in the preview's header which field each column became.
    for (int c = 0; c < m_header.size(); ++c) {
        QString field = tr("custom field");
        if (c == m.phone)
            field = tr("phone");
        else if (c == m.firstName)
            field = tr("first name");
        else if (c == m.lastName)
            field = tr("last name");
        else if (c == m.zip)
            field = tr("ZIP");
        m_preview->setHorizontalHeaderItem(c, new QTableWidgetItem(tr("%1\n→ %2").arg(m_header[c], field)));
    }

    m_problem.clear();
    const QVector<QPair<QComboBox*, QString>> fields = {{m_firstNameCombo, tr("first name")},
                                                        {m_lastNameCombo, tr("last name")},
                                                        {m_phoneCombo, tr("phone")},
                                                        {m_zipCombo, tr("ZIP")}};
    if (!m_readError.isEmpty()) {
        m_problem = m_readError;
    } else if (m.phone < 0) {
        m_problem = tr("Choose the column that holds the phone numbers.");
    } else {
        for (int i = 0; i < fields.size() && m_problem.isEmpty(); ++i)
            for (int j = i + 1; j < fields.size() && m_problem.isEmpty(); ++j) {
                const int column = fields[i].first->currentData().toInt();
                if (column >= 0 && column == fields[j].first->currentData().toInt())
                    m_problem = tr("Column %1 cannot be both the %2 and the %3.")
                                    .arg(column + 1)
                                    .arg(fields[i].second, fields[j].second);
            }
    }
    if (m_problem.isEmpty() && m_dealCheck->isChecked() && dealTo().isEmpty())
        m_problem = tr("Tick the senders to deal the contacts to, or untick dealing.");

    m_dealList->setEnabled(m_dealCheck->isEnabled());
    m_messageLabel->setText(m_problem);
    m_messageLabel->setVisible(!m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
