#pragma once

#include <QHash>
#include <QVector>

#include <functional>

namespace Handoff {

// The pages of a table model that reads its rows from the store a page at a time:
// only the `capacity` pages used last stay in memory, so a view scrolled over a
// million rows holds a few screens of them. A page that is not here is read with the
// reader given to page(), which may look at the neighbouring pages still here.
template <typename Row>
class PageCache
{
public:
    using Page = QVector<Row>;
    using Reader = std::function<Page(int index)>;

    PageCache(int pageSize, int capacity)
        : m_pageSize(pageSize)
        , m_capacity(capacity)
    { }

    // The page in memory, or null; marks it used.
    const Page* find(int index) const
    {
        const auto found = m_pages.constFind(index);
        if (found == m_pages.cend())
            return nullptr;
        if (m_recent.isEmpty() || m_recent.constLast() != index) {
            m_recent.removeOne(index);
            m_recent << index;
        }
        return &*found;
    }

    // The page in memory without marking it used: for a reader looking at neighbours.
    const Page* peek(int index) const
    {
        const auto found = m_pages.constFind(index);
        return found == m_pages.cend() ? nullptr : &*found;
    }

    // The page, read with `read` when it is not in memory.
    const Page& page(int index, const Reader& read) const
    {
        if (const Page* here = find(index))
            return *here;
        return keep(index, read(index));
    }

    const Page& keep(int index, Page rows) const
    {
        m_pages.insert(index, std::move(rows));
        m_recent.removeOne(index);
        m_recent << index;
        while (m_recent.size() > m_capacity)
            m_pages.remove(m_recent.takeFirst());
        return *m_pages.constFind(index);
    }

    // The row, when its page is in memory or can be read.
    const Row* row(int row, const Reader& read) const
    {
        if (row < 0)
            return nullptr;
        const Page& rows = page(row / m_pageSize, read);
        return row % m_pageSize < rows.size() ? &rows.at(row % m_pageSize) : nullptr;
    }

    // The row of the first row in memory that matches, below `rowCount`; -1 when none.
    int rowWhere(const std::function<bool(const Row&)>& matches, int rowCount) const
    {
        for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) {
            for (int i = 0; i < it.value().size(); ++i) {
                const int r = it.key() * m_pageSize + i;
                if (r < rowCount && matches(it.value()[i]))
                    return r;
            }
        }
        return -1;
    }

    // Forgets a page, to be read again next time.
    void drop(int index)
    {
        m_pages.remove(index);
        m_recent.removeOne(index);
    }

    // Pages in memory, least recently used first.
    QVector<int> recent() const { return m_recent; }

    void clear()
    {
        m_pages.clear();
        m_recent.clear();
    }

private:
    int m_pageSize;
    int m_capacity;
    mutable QHash<int, Page> m_pages;
    mutable QVector<int> m_recent;   // most recently used last
};

} // namespace Handoff
