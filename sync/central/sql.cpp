#include "sql.h"

#include "core/ascii.h"

#include <charconv>

namespace ocop::central {

std::int64_t SqlRow::integer(std::size_t i) const
{
    const auto& v = values.at(i);
    if (const auto* n = std::get_if<std::int64_t>(&v))
        return *n;
    if (const auto* s = std::get_if<std::string>(&v)) {
        std::int64_t out = 0;
        const char* b = s->data();
        const char* e = b + s->size();
        auto [p, ec] = std::from_chars(b, e, out);
        if (ec != std::errc() || (p != e && *p != '.'))
            throw StorageError("column " + std::to_string(i) + " is not an integer: " + *s);
        return out;
    }
    return 0;
}

std::string SqlRow::text(std::size_t i) const
{
    const auto& v = values.at(i);
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v))
        return std::to_string(*n);
    return {};
}

RowBuffer& RowBuffer::value(const SqlValue& v)
{
    if (const auto* n = std::get_if<std::int64_t>(&v))
        return integer(*n);
    if (const auto* t = std::get_if<std::string>(&v))
        return text(*t);
    return null();
}

std::string bytesOf(Dialect d, const SqlRow& row, std::size_t i)
{
    std::string v = row.text(i);
    if (d == Dialect::Sqlite)
        return v;
    if (v.size() < 2 || v[0] != '\\' || v[1] != 'x' || v.size() % 2 != 0)
        throw StorageError("PostgreSQL: a bytea value not in hex form");
    auto nibble = [](char ch) {
        const int n = ascii::hexValue(ch);
        if (n < 0)
            throw StorageError("PostgreSQL: a bytea value not in hex form");
        return n;
    };
    std::string out((v.size() - 2) / 2, '\0');
    for (std::size_t k = 0; k < out.size(); ++k)
        out[k] = static_cast<char>(nibble(v[2 + 2 * k]) << 4 | nibble(v[3 + 2 * k]));
    return out;
}

void SqlConnection::insertRows(std::string_view table, std::string_view columns, const RowBuffer& rows)
{
    if (rows.empty())
        return;
    if (!rows.whole())
        throw StorageError("insertRows: values are not whole rows");
    const std::size_t ncols = rows.ncols();
    std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES (";
    for (std::size_t i = 0; i < ncols; ++i)
        sql += i ? ",?" : "?";
    sql += ')';
    std::vector<SqlValue> params(ncols);
    const auto& cells = rows.cells();
    for (std::size_t row = 0; row < cells.size(); row += ncols) {
        for (std::size_t i = 0; i < ncols; ++i) {
            const auto& c = cells[row + i];
            if (c.kind == RowBuffer::Kind::Integer)
                params[i] = c.value;
            else if (c.kind == RowBuffer::Kind::Text)
                params[i] = std::string(rows.textOf(c));
            else if (c.kind == RowBuffer::Kind::Blob)
                throw StorageError("insertRows: this connection does not store bytes");
            else
                params[i] = nullptr;
        }
        exec(sql, params);
    }
}

ConnectionPool::ConnectionPool(Factory factory, std::size_t max) : m_factory(std::move(factory)), m_max(max ? max : 1) {}

ConnectionPool::Lease::~Lease()
{
    if (m_pool && m_conn)
        m_pool->release(std::move(m_conn));
}

ConnectionPool::Lease ConnectionPool::acquire()
{
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [&] { return !m_idle.empty() || m_open < m_max; });
    if (!m_idle.empty()) {
        auto c = std::move(m_idle.back());
        m_idle.pop_back();
        return Lease(this, std::move(c));
    }
    ++m_open;
    lock.unlock();
    try {
        return Lease(this, m_factory());
    } catch (...) {
        lock.lock();
        --m_open;
        m_cv.notify_one();
        throw;
    }
}

void ConnectionPool::release(std::unique_ptr<SqlConnection> c)
{
    std::lock_guard lock(m_mutex);
    if (c->healthy())
        m_idle.push_back(std::move(c));
    else
        --m_open;
    m_cv.notify_one();
}

} // namespace ocop::central
