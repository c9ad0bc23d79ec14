#include "cli/CliContext.h"

#include "core/Actor.h"
#include "storage/CampaignStore.h"
#include "storage/ConnectionString.h"
#include "storage/Database.h"
#include "core/DisplayText.h"
#include "cli/JsonFormat.h"
#include "storage/PasswordVault.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <algorithm>

namespace Handoff {

CliContext::CliContext(QTextStream& out, QTextStream& err)
    : m_out(out)
    , m_err(err)
{ }

CliContext::~CliContext() = default;

QString CliContext::actor() const
{
    return Actor::resolve(m_actor, m_store ? m_store->role() : QString());
}

QString CliContext::storeUrl() const
{
    return m_storeUrl.isEmpty() ? ConnectionString::defaultUrl() : m_storeUrl;
}

Database* CliContext::store()
{
    if (m_store)
        return m_store.get();
    QString url = m_storeUrl.isEmpty() ? ConnectionString::defaultUrl() : m_storeUrl;
    // An address without a password: libpq looks in PGPASSWORD and ~/.pgpass; before
    // that, the keychain may hold it for this server, remembered by the window. Either
    // way the password stays out of the command line and the shell's history.
    Outcome<ConnectionString> address = ConnectionString::parse(url);
    const bool needsPassword = address && address->kind == ConnectionString::Kind::Postgres
        && address->password.isEmpty() && qEnvironmentVariableIsEmpty("PGPASSWORD");
    if (needsPassword) {
        const Outcome<QString> kept = PasswordVault::instance().read(address->identity());
        if (kept && !kept->isEmpty()) {
            address->password = *kept;
            url = address->toUrl();
        }
    }
    auto opened = Database::open(
        url, m_readsOnly ? Database::OpenMode::ExistingOnly : Database::OpenMode::CreateIfMissing);
    if (!opened) {
        QString message = opened.error();
        if (needsPassword && message.endsWith(Database::tr("the server wants a password for user \"%1\"").arg(address->user)))
            message += tr("; give it in PGPASSWORD or ~/.pgpass, or remember it in the window (File ▸ Connect to Server…)");
        complain(message);
        return nullptr;
    }
    if (!m_readsOnly && (*opened)->isReadOnly()) {
        complain(tr("Cannot change the store %1: %2.")
                     .arg((*opened)->location().displayString(), (*opened)->readOnlyReason()));
        return nullptr;
    }
    m_store = std::move(*opened);
    return m_store.get();
}

void CliContext::complain(const QString& message)
{
    // One line, whatever a name or an argument quoted in it holds.
    m_err << QStringLiteral("handoff-cli: ") << DisplayText::visible(message) << Qt::endl;
}

int CliContext::usageError(const QString& message)
{
    complain(message);
    return ExitUsage;
}

int CliContext::refuse(const QString& message)
{
    complain(message);
    return ExitRefused;
}

std::optional<Campaign> CliContext::campaign(const QString& name)
{
    Database* db = store();
    if (!db)
        return std::nullopt;
    const CampaignStore store(*db);
    if (auto exact = store.campaignByName(name))
        return exact;
    // "gotv" for "GOTV": what a manager types from memory is not always the exact case.
    const QVector<Campaign> all = store.campaigns();
    QVector<Campaign> matches;
    for (const Campaign& c : all)
        if (c.name.compare(name.simplified(), Qt::CaseInsensitive) == 0)
            matches << c;
    if (matches.size() == 1)
        return matches.first();
    // Say which campaigns there are, so that the next try can be right.
    auto listing = [](const QVector<Campaign>& campaigns) {
        constexpr int Shown = 20;
        QStringList names;
        for (const Campaign& c : campaigns)
            names << c.name;
        // In the same order whichever store's collation listed them.
        std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) {
            const int order = a.compare(b, Qt::CaseInsensitive);
            return order != 0 ? order < 0 : a < b;
        });
        names = names.mid(0, Shown);
        for (QString& name : names)
            name = QStringLiteral("\"%1\"").arg(name);
        QString text = names.join(QStringLiteral(", "));
        if (campaigns.size() > Shown)
            text = tr("%1 and %2 more (handoff-cli campaign list)")
                       .arg(text, QString::number(campaigns.size() - Shown));
        return text;
    };
    if (matches.size() > 1)
        complain(tr("\"%1\" could be any of the campaigns %2; give the name with its exact case.")
                     .arg(name, listing(matches)));
    else if (all.isEmpty())
        complain(tr("There is no campaign named \"%1\", nor any other yet; create one with "
                    "\"handoff-cli campaign create NAME\".")
                     .arg(name));
    else
        complain(tr("There is no campaign named \"%1\"; the campaigns are %2.").arg(name, listing(all)));
    return std::nullopt;
}

std::optional<CampaignSender> CliContext::sender(const Campaign& campaign, const QString& name)
{
    Database* db = store();
    if (!db)
        return std::nullopt;
    const CampaignStore campaigns(*db);
    if (const auto rostered = campaigns.senderByName(name)) {
        for (const CampaignSender& s : campaigns.campaignSenders(campaign.id))
            if (s.id == rostered->id)
                return s;
    }
    // The controller's wording, whether or not the roster knows the name.
    complain(tr("\"%1\" is not a sender of campaign \"%2\".").arg(name.simplified(), campaign.name));
    return std::nullopt;
}

std::optional<QVector<SenderId>> CliContext::senders(const Campaign& campaign, const QStringList& names)
{
    QVector<SenderId> ids;
    for (const QString& name : names) {
        const auto found = sender(campaign, name);
        if (!found)
            return std::nullopt;
        ids << found->id;
    }
    return ids;
}

void CliContext::printJson(const QJsonValue& value)
{
    const QJsonDocument document
        = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << JsonFormat::compact(document) << Qt::endl;
}

} // namespace Handoff
