#pragma once

#include <QMutex>
#include <QQueue>
#include <QWaitCondition>

namespace Handoff {

// Batches read from a file on one thread and stored on the other: the next batch is
// read and checked while the previous one goes into the store. A few batches in
// between keep both threads busy without holding the file in memory.
template <typename Item>
class BatchQueue
{
public:
    // Blocks while the queue is full; false once it is closed.
    bool push(Item item)
    {
        QMutexLocker lock(&m_mutex);
        while (m_items.size() >= Capacity && !m_closed)
            m_changed.wait(&m_mutex);
        if (m_closed)
            return false;
        m_items.enqueue(std::move(item));
        m_changed.wakeAll();
        return true;
    }
    // Blocks while the queue is empty; false once it is closed and empty.
    bool pop(Item* item)
    {
        QMutexLocker lock(&m_mutex);
        while (m_items.isEmpty() && !m_closed)
            m_changed.wait(&m_mutex);
        if (m_items.isEmpty())
            return false;
        *item = m_items.dequeue();
        m_changed.wakeAll();
        return true;
    }
    void close()
    {
        QMutexLocker lock(&m_mutex);
        m_closed = true;
        m_changed.wakeAll();
    }

private:
    static constexpr int Capacity = 4;
    QMutex m_mutex;
    QWaitCondition m_changed;
    QQueue<Item> m_items;
    bool m_closed = false;
};

} // namespace Handoff
