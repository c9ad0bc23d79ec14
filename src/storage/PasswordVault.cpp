#include "storage/PasswordVault.h"

#include <QEventLoop>
#include <QTimer>

#include <memory>

#include <qt6keychain/keychain.h>

namespace Handoff {

namespace {

const QString Service = QStringLiteral("Handoff");
// A keychain that does not answer (a locked wallet nobody unlocks) must not hold
// the window forever.
constexpr int KeychainTimeoutMs = 30000;

QString keychainError(QKeychain::Error error, const QString& text)
{
    switch (error) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return PasswordVault::tr("the system keychain refused access");
    default:
        // Without a desktop session (no D-Bus, no keyring daemon) QtKeychain says
        // "Unknown error" or GLib's "Could not connect"; say what to do as well.
        if (error == QKeychain::NoBackendAvailable || text.isEmpty() || text == QLatin1String("Unknown error"))
            return PasswordVault::tr(
                "the system keychain could not be reached; start and unlock GNOME Keyring or KWallet");
        return PasswordVault::tr(
                   "the system keychain could not be reached (%1); start and unlock GNOME Keyring or KWallet")
            .arg(text);
    }
}

struct JobResult
{
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorText;
    QString password;
};

// Runs a keychain job to its end: QtKeychain talks to the keychain over D-Bus and
// answers by signal. The job deletes itself when done, even after a time-out.
JobResult runJob(QKeychain::Job* job, const QString& key)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QEventLoop loop;
    auto result = std::make_shared<JobResult>();
    QObject::connect(job, &QKeychain::Job::finished, &loop, [result, &loop](QKeychain::Job* done) {
        result->finished = true;
        result->error = done->error();
        result->errorText = done->errorString();
        if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(done))
            result->password = read->textData();
        loop.quit();
    });
    QTimer::singleShot(KeychainTimeoutMs, &loop, &QEventLoop::quit);
    job->start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    return *result;
}

Outcome<Done> doneOrFailure(const JobResult& result)
{
    if (!result.finished)
        return Outcome<Done>::failure(PasswordVault::tr("the system keychain did not answer"));
    if (result.error != QKeychain::NoError)
        return Outcome<Done>::failure(keychainError(result.error, result.errorText));
    return Done{};
}

class SystemKeychain final : public PasswordVault
{
public:
    Outcome<QString> read(const QString& key) override
    {
        JobResult result = runJob(new QKeychain::ReadPasswordJob(Service), key);
        if (result.finished && result.error == QKeychain::EntryNotFound)
            return QString();
        if (const Outcome<Done> ok = doneOrFailure(result); !ok)
            return Outcome<QString>::failure(ok.error());
        return result.password;
    }

    Outcome<Done> write(const QString& key, const QString& password) override
    {
        auto* job = new QKeychain::WritePasswordJob(Service);
        job->setTextData(password);
        return doneOrFailure(runJob(job, key));
    }

    Outcome<Done> remove(const QString& key) override
    {
        JobResult result = runJob(new QKeychain::DeletePasswordJob(Service), key);
        if (result.finished && result.error == QKeychain::EntryNotFound)
            return Done{};
        return doneOrFailure(result);
    }
};

PasswordVault* s_instance = nullptr;

} // namespace

PasswordVault& PasswordVault::instance()
{
    if (s_instance)
        return *s_instance;
    static SystemKeychain keychain;
    return keychain;
}

void PasswordVault::setInstance(PasswordVault* vault)
{
    s_instance = vault;
}

} // namespace Handoff
