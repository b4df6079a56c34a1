#include "pkitool/pkcs12/sha512_224.hpp"

#include <botan/mem_ops.h>

namespace pkitool::pkcs12 {

namespace {

// FIPS 180-4 4.2.3: the SHA-384/512 round constants.
constexpr std::array<std::uint64_t, 80> k_round
    = {0x428A2F98D728AE22, 0x7137449123EF65CD, 0xB5C0FBCFEC4D3B2F, 0xE9B5DBA58189DBBC, 0x3956C25BF348B538,
        0x59F111F1B605D019, 0x923F82A4AF194F9B, 0xAB1C5ED5DA6D8118, 0xD807AA98A3030242, 0x12835B0145706FBE,
        0x243185BE4EE4B28C, 0x550C7DC3D5FFB4E2, 0x72BE5D74F27B896F, 0x80DEB1FE3B1696B1, 0x9BDC06A725C71235,
        0xC19BF174CF692694, 0xE49B69C19EF14AD2, 0xEFBE4786384F25E3, 0x0FC19DC68B8CD5B5, 0x240CA1CC77AC9C65,
        0x2DE92C6F592B0275, 0x4A7484AA6EA6E483, 0x5CB0A9DCBD41FBD4, 0x76F988DA831153B5, 0x983E5152EE66DFAB,
        0xA831C66D2DB43210, 0xB00327C898FB213F, 0xBF597FC7BEEF0EE4, 0xC6E00BF33DA88FC2, 0xD5A79147930AA725,
        0x06CA6351E003826F, 0x142929670A0E6E70, 0x27B70A8546D22FFC, 0x2E1B21385C26C926, 0x4D2C6DFC5AC42AED,
        0x53380D139D95B3DF, 0x650A73548BAF63DE, 0x766A0ABB3C77B2A8, 0x81C2C92E47EDAEE6, 0x92722C851482353B,
        0xA2BFE8A14CF10364, 0xA81A664BBC423001, 0xC24B8B70D0F89791, 0xC76C51A30654BE30, 0xD192E819D6EF5218,
        0xD69906245565A910, 0xF40E35855771202A, 0x106AA07032BBD1B8, 0x19A4C116B8D2D0C8, 0x1E376C085141AB53,
        0x2748774CDF8EEB99, 0x34B0BCB5E19B48A8, 0x391C0CB3C5C95A63, 0x4ED8AA4AE3418ACB, 0x5B9CCA4F7763E373,
        0x682E6FF3D6B2B8A3, 0x748F82EE5DEFB2FC, 0x78A5636F43172F60, 0x84C87814A1F0AB72, 0x8CC702081A6439EC,
        0x90BEFFFA23631E28, 0xA4506CEBDE82BDE9, 0xBEF9A3F7B2C67915, 0xC67178F2E372532B, 0xCA273ECEEA26619C,
        0xD186B8C721C0C207, 0xEADA7DD6CDE0EB1E, 0xF57D4F7FEE6ED178, 0x06F067AA72176FBA, 0x0A637DC5A2C898A6,
        0x113F9804BEF90DAE, 0x1B710B35131C471B, 0x28DB77F523047D84, 0x32CAAB7B40C72493, 0x3C9EBE0A15C9BEBC,
        0x431D67C49C100D4C, 0x4CC5D4BECB3E42B6, 0x597F299CFC657E2A, 0x5FCB6FAB3AD6FAEC, 0x6C44198C4A475817};

// FIPS 180-4 5.3.6.1: the initial hash value of SHA-512/224.
constexpr std::array<std::uint64_t, 8> k_initial = {0x8C3D37C819544DA2, 0x73E1996689DCD4D6, 0x1DFAB7AE32FF9C82,
    0x679DD514582F9FCF, 0x0F6D2B697BD44DA8, 0x77E36F7304C48942, 0x3F9D85A86A1D36C8, 0x1112E6AD91D692A1};

constexpr std::uint64_t rotr(std::uint64_t x, int n)
{
    return (x >> n) | (x << (64 - n));
}

std::uint64_t load_be(const std::uint8_t* p)
{
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
        v = (v << 8) | p[i];
    }
    return v;
}

} // namespace

Sha512_224::Sha512_224()
{
    clear();
}

void Sha512_224::clear()
{
    m_state = k_initial;
    Botan::secure_scrub_memory(m_buffer.data(), m_buffer.size());
    m_buffered = 0;
    m_length = 0;
}

// FIPS 180-4 6.4.2, one 1024-bit block.
void Sha512_224::compress(const std::uint8_t* block)
{
    std::array<std::uint64_t, 80> w{};
    for (std::size_t t = 0; t < 16; ++t) {
        w[t] = load_be(block + 8 * t);
    }
    for (std::size_t t = 16; t < 80; ++t) {
        const std::uint64_t s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
        const std::uint64_t s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = m_state;
    for (std::size_t t = 0; t < 80; ++t) {
        const std::uint64_t t1
            = h + (rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)) + ((e & f) ^ (~e & g)) + k_round[t] + w[t];
        const std::uint64_t t2 = (rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    const std::array<std::uint64_t, 8> add = {a, b, c, d, e, f, g, h};
    for (std::size_t i = 0; i < 8; ++i) {
        m_state[i] += add[i];
    }
    Botan::secure_scrub_memory(w.data(), sizeof(w));
}

void Sha512_224::absorb(const std::uint8_t* in, std::size_t length)
{
    m_length += length;
    while (length > 0) {
        const std::size_t take = std::min(length, m_buffer.size() - m_buffered);
        std::copy(in, in + take, m_buffer.begin() + static_cast<std::ptrdiff_t>(m_buffered));
        m_buffered += take;
        in += take;
        length -= take;
        if (m_buffered == m_buffer.size()) {
            compress(m_buffer.data());
            m_buffered = 0;
        }
    }
}

// FIPS 180-4 5.1.2: a 1 bit, zeros, and the length in bits as 128 bits.
void Sha512_224::finish(std::uint8_t* out)
{
    const std::uint64_t bits = m_length * 8;
    std::array<std::uint8_t, 144> pad{};
    pad[0] = 0x80;
    const std::size_t used = m_buffered;
    const std::size_t zeros = (used < 112 ? 112 - used : 240 - used) - 1;
    for (int i = 0; i < 8; ++i) {
        pad[1 + zeros + 8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(bits >> (56 - 8 * i));
    }
    absorb(pad.data(), 1 + zeros + 16);
    for (std::size_t i = 0; i < 28; ++i) {
        out[i] = static_cast<std::uint8_t>(m_state[i / 8] >> (56 - 8 * (i % 8)));
    }
    clear();
}

std::unique_ptr<Botan::HashFunction> Sha512_224::fresh_copy(bool with_state) const
{
    auto copy = std::make_unique<Sha512_224>();
    if (with_state) {
        *copy = *this;
    }
    return copy;
}

} // namespace pkitool::pkcs12
