#include "gui/import/ImportContactsDialog.h"

#include "core/CsvReader.h"
#include "core/PhoneNormalizer.h"
#include "import/ui_ImportContactsDialog.h"

#include <QCollator>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLocale>
#include <QSettings>

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
    , m_ui(std::make_unique<Ui::ImportContactsDialog>())
{
    // Designer names a form's top level after its class, so the object name that tests
    // and screen readers know is given here; setupUi keeps a name already given.
    setObjectName(QStringLiteral("importContactsDialog"));
    m_ui->setupUi(this);
    m_ui->fileLabel->setText(
        tr("From <b>%1</b> — the first rows:").arg(QFileInfo(path).fileName().toHtmlEscaped()));
    m_ui->fileLabel->setToolTip(path);
    readPreview(path);

    const ContactColumnMapping detected = ContactColumnMapping::detect(m_header);
    fillFieldCombo(m_ui->firstNameColumnComboBox, detected.firstName);
    fillFieldCombo(m_ui->lastNameColumnComboBox, detected.lastName);
    fillFieldCombo(m_ui->phoneColumnComboBox, detected.phone);
    fillFieldCombo(m_ui->zipColumnComboBox, detected.zip);
    fillRegions();
    fillSenders(senders);

    // The button box makes its own buttons; name them for tests and screen readers.
    QPushButton* ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("okButton"));
    ok->setText(tr("Import"));
    ok->setAccessibleName(tr("Import"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));

    for (QComboBox* combo : {m_ui->firstNameColumnComboBox, m_ui->lastNameColumnComboBox,
                             m_ui->phoneColumnComboBox, m_ui->zipColumnComboBox})
        connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this,
                &ImportContactsDialog::refreshState);
    connect(m_ui->dealCheckBox, &QCheckBox::toggled, this, [this](bool deal) {
        // Dealing and assigning from the export are two answers to one question.
        if (deal)
            m_ui->assignFromExportCheckBox->setChecked(false);
        refreshState();
    });
    // Offered only for a file that names a texter for each contact.
    m_ui->assignFromExportCheckBox->setVisible(detected.hasTexter());
    connect(m_ui->assignFromExportCheckBox, &QCheckBox::toggled, this, [this](bool assign) {
        if (assign)
            m_ui->dealCheckBox->setChecked(false);
        refreshState();
    });
    connect(m_ui->dealListWidget, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        // Ticking a sender means dealing to them.
        if (item->checkState() == Qt::Checked)
            m_ui->dealCheckBox->setChecked(true);
        refreshState();
    });
    connect(m_ui->selectSweepersButton, &QPushButton::clicked, this, [this] {
        for (int i = 0; i < m_ui->dealListWidget->count(); ++i)
            if (m_ui->dealListWidget->item(i)->data(SweeperRole).toBool())
                m_ui->dealListWidget->item(i)->setCheckState(Qt::Checked);
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, [this] {
        if (m_problem.isEmpty())
            accept();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refreshState();
    // The form's width; the height fits what this file and campaign show.
    resize(width(), sizeHint().height());
}

ImportContactsDialog::~ImportContactsDialog() = default;

void ImportContactsDialog::readPreview(const QString& path)
{
    QTableWidget* preview = m_ui->previewTableWidget;
    preview->verticalHeader()->setDefaultSectionSize(preview->fontMetrics().height() + 8);

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
    preview->setColumnCount(int(m_header.size()));
    preview->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        preview->setVerticalHeaderItem(r, new QTableWidgetItem(tr("Line %1").arg(lines[r])));
        for (int c = 0; c < rows[r].size() && c < m_header.size(); ++c)
            preview->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    }
    preview->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
}

void ImportContactsDialog::fillFieldCombo(QComboBox* combo, int column)
{
    combo->addItem(tr("(no column)"), -1);
    for (int c = 0; c < m_header.size(); ++c)
        combo->addItem(tr("Column %1: %2").arg(c + 1).arg(m_header[c]), c);
    combo->setCurrentIndex(combo->findData(column));
}

void ImportContactsDialog::fillSenders(const QVector<CampaignSender>& senders)
{
    for (const CampaignSender& s : senders) {
        auto* item
            = new QListWidgetItem(s.sweeper ? tr("%1 (sweeper)").arg(s.name) : s.name, m_ui->dealListWidget);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(SenderIdRole, s.id);
        item->setData(SweeperRole, s.sweeper);
    }
    if (senders.isEmpty()) {
        m_ui->dealCheckBox->setEnabled(false);
        m_ui->dealListWidget->hide();
        m_ui->selectSweepersButton->hide();
        m_ui->unassignedNoteLabel->setText(
            tr("The campaign has no senders yet: the new conversations wait in Unassigned."));
    }
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
        m_ui->regionComboBox->addItem(r.name, r.code);

    QString preferred = QSettings().value(RegionSettingKey).toString();
    if (m_ui->regionComboBox->findData(preferred) < 0)
        preferred = QLocale::territoryToCode(QLocale::system().territory());
    if (m_ui->regionComboBox->findData(preferred) < 0)
        preferred = QStringLiteral("US");
    m_ui->regionComboBox->setCurrentIndex(m_ui->regionComboBox->findData(preferred));
}

QString ImportContactsDialog::region() const
{
    return m_ui->regionComboBox->currentData().toString();
}

void ImportContactsDialog::accept()
{
    QSettings().setValue(RegionSettingKey, region());
    QDialog::accept();
}

bool ImportContactsDialog::assignFromExport() const
{
    return !m_ui->assignFromExportCheckBox->isHidden() && m_ui->assignFromExportCheckBox->isChecked();
}

ContactColumnMapping ImportContactsDialog::mapping() const
{
    // The export's own columns (opt-out, texter) as detected; the four fields as chosen.
    ContactColumnMapping m = ContactColumnMapping::detect(m_header);
    m.firstName = m_ui->firstNameColumnComboBox->currentData().toInt();
    m.lastName = m_ui->lastNameColumnComboBox->currentData().toInt();
    m.phone = m_ui->phoneColumnComboBox->currentData().toInt();
    m.zip = m_ui->zipColumnComboBox->currentData().toInt();
    return m;
}

QVector<SenderId> ImportContactsDialog::dealTo() const
{
    QVector<SenderId> ids;
    if (!m_ui->dealCheckBox->isChecked())
        return ids;
    for (int i = 0; i < m_ui->dealListWidget->count(); ++i)
        if (m_ui->dealListWidget->item(i)->checkState() == Qt::Checked)
            ids << m_ui->dealListWidget->item(i)->data(SenderIdRole).toLongLong();
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
        else if (c == m.optOut)
            field = tr("opted out");
        else if (c == m.texterFirst || c == m.texterLast || c == m.texterEmail || c == m.texterCell
                 || c == m.texterAlias)
            field = tr("texter");
        else if (ContactColumnMapping::customFieldName(m_header[c]) != m_header[c].trimmed())
            field = tr("custom field “%1”").arg(ContactColumnMapping::customFieldName(m_header[c]));
        m_ui->previewTableWidget->setHorizontalHeaderItem(
            c, new QTableWidgetItem(tr("%1\n→ %2").arg(m_header[c], field)));
    }

    m_problem.clear();
    const QVector<QPair<QComboBox*, QString>> fields = {{m_ui->firstNameColumnComboBox, tr("first name")},
                                                        {m_ui->lastNameColumnComboBox, tr("last name")},
                                                        {m_ui->phoneColumnComboBox, tr("phone")},
                                                        {m_ui->zipColumnComboBox, tr("ZIP")}};
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
    if (m_problem.isEmpty() && m_ui->dealCheckBox->isChecked() && dealTo().isEmpty())
        m_problem = tr("Tick the senders to deal the contacts to, or untick dealing.");

    m_ui->dealListWidget->setEnabled(m_ui->dealCheckBox->isEnabled());
    m_ui->messageLabel->setText(m_problem);
    m_ui->messageLabel->setVisible(!m_problem.isEmpty());
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

} // namespace Handoff
