#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace Handoff {

// A value, or the one-line message that tells the user why there is none.
template <typename T>
class Outcome
{
public:
    Outcome(T value) : m_value(std::move(value)) { }
    static Outcome failure(QString message)
    {
        Outcome o;
        o.m_error = std::move(message);
        return o;
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const QString& error() const { return m_error; }

    const T& value() const { return *m_value; }
    T& value() { return *m_value; }
    const T& operator*() const { return *m_value; }
    T& operator*() { return *m_value; }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }

private:
    Outcome() = default;
    std::optional<T> m_value;
    QString m_error;
};

// For actions that yield nothing but can fail.
struct Done
{
};

} // namespace Handoff
