#include "pkitool/der/source.hpp"

#include <botan/mem_ops.h>

#include <algorithm>
#include <vector>

namespace pkitool::der {

namespace {

// A DataSource over bytes in place.
class ViewSource : public Botan::DataSource {
public:
    explicit ViewSource(std::span<const std::uint8_t> data) : m_data(data) { }

    std::size_t read(std::uint8_t out[], std::size_t length) override
    {
        const std::size_t n = std::min(length, m_data.size() - m_offset);
        std::copy_n(m_data.data() + m_offset, n, out);
        m_offset += n;
        return n;
    }
    bool check_available(std::size_t n) override { return n <= m_data.size() - m_offset; }
    std::size_t peek(std::uint8_t out[], std::size_t length, std::size_t peek_offset) const override
    {
        const std::size_t left = m_data.size() - m_offset;
        if (peek_offset >= left) {
            return 0;
        }
        const std::size_t n = std::min(length, left - peek_offset);
        std::copy_n(m_data.data() + m_offset + peek_offset, n, out);
        return n;
    }
    bool end_of_data() const override { return m_offset == m_data.size(); }
    std::size_t get_bytes_read() const override { return m_offset; }

protected:
    void view(std::span<const std::uint8_t> data) { m_data = data; }

private:
    std::span<const std::uint8_t> m_data;
    std::size_t m_offset = 0;
};

// A DataSource over a plain copy of public data (a certificate): Botan's
// DataSource_Memory keeps its copy in locked, wiped memory, which costs a
// pool allocation and a wipe for every constructed element read.
class PublicSource final : public ViewSource {
public:
    explicit PublicSource(std::vector<std::uint8_t> data) : ViewSource({}), m_copy(std::move(data)) { view(m_copy); }

private:
    std::vector<std::uint8_t> m_copy;
};

} // namespace

std::unique_ptr<Botan::DataSource> make_source(std::span<const std::uint8_t> data, Contents kind)
{
    if (kind == Contents::public_data) {
        return std::make_unique<PublicSource>(std::vector<std::uint8_t>(data.begin(), data.end()));
    }
    return std::make_unique<Botan::DataSource_Memory>(data.data(), data.size());
}

std::unique_ptr<Botan::DataSource> make_source(std::vector<std::uint8_t>&& data, Contents kind)
{
    if (kind == Contents::public_data) {
        return std::make_unique<PublicSource>(std::move(data));
    }
    auto source = make_source(std::span<const std::uint8_t>(data), kind);
    Botan::secure_scrub_memory(data.data(), data.size());
    return source;
}

std::unique_ptr<Botan::DataSource> view_source(std::span<const std::uint8_t> data)
{
    return std::make_unique<ViewSource>(data);
}

} // namespace pkitool::der
