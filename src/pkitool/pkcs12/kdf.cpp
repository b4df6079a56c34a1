#include "pkitool/pkcs12/kdf.hpp"

#include "pkitool/pkcs12/sha512_224.hpp"

#include "pkitool/error.hpp"

#include <botan/hash.h>
#include <botan/mac.h>

#include <algorithm>

namespace pkitool::pkcs12 {

namespace {

void append_utf16be(Botan::secure_vector<std::uint8_t>& out, std::uint32_t unit)
{
    out.push_back(static_cast<std::uint8_t>(unit >> 8));
    out.push_back(static_cast<std::uint8_t>(unit & 0xFF));
}

// Fills `out` with `source` repeated, the S and P strings of appendix B.2.
void fill_repeated(std::span<std::uint8_t> out, std::span<const std::uint8_t> source)
{
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = source[i % source.size()];
    }
}

std::size_t round_up(std::size_t n, std::size_t v)
{
    return v * ((n + v - 1) / v);
}

} // namespace

Botan::secure_vector<std::uint8_t> bmp_password(const Password& password)
{
    Botan::secure_vector<std::uint8_t> out;
    if (!password) {
        return out;
    }
    const auto& text = *password;
    out.reserve(2 * text.size() + 2);
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<std::uint8_t>(text[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (lead < 0x80) {
            cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            extra = 1;
            cp = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            extra = 2;
            cp = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            extra = 3;
            cp = lead & 0x07;
        } else {
            throw InputError("the password is not valid UTF-8");
        }
        if (i + extra >= text.size()) {
            throw InputError("the password is not valid UTF-8");
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cont = static_cast<std::uint8_t>(text[i + k]);
            if ((cont & 0xC0) != 0x80) {
                throw InputError("the password is not valid UTF-8");
            }
            cp = (cp << 6) | (cont & 0x3F);
        }
        i += extra + 1;
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw InputError("the password is not valid UTF-8");
        }
        if (cp >= 0x10000) {
            const std::uint32_t v = cp - 0x10000;
            append_utf16be(out, 0xD800 | (v >> 10));
            append_utf16be(out, 0xDC00 | (v & 0x3FF));
        } else {
            append_utf16be(out, cp);
        }
    }
    out.push_back(0);
    out.push_back(0);
    return out;
}

Botan::secure_vector<std::uint8_t> utf8_password(const Password& password)
{
    if (!password) {
        return {};
    }
    return Botan::secure_vector<std::uint8_t>(password->begin(), password->end());
}

std::unique_ptr<Botan::HashFunction> make_hash(const std::string& name)
{
    if (auto hash = Botan::HashFunction::create(name)) {
        return hash;
    }
    if (name == "SHA-512-224") {
        return std::make_unique<Sha512_224>();
    }
    return nullptr;
}

Botan::secure_vector<std::uint8_t> derive(const std::string& hash_name, KdfPurpose purpose,
    std::span<const std::uint8_t> password, std::span<const std::uint8_t> salt, std::size_t iterations,
    std::size_t length)
{
    auto hash = make_hash(hash_name);
    if (!hash) {
        throw InputError("the PKCS#12 key derivation with " + hash_name + " is not supported");
    }
    const std::size_t v = hash->hash_block_size();
    const std::size_t u = hash->output_length();
    iterations = std::max<std::size_t>(iterations, 1);

    // I = S || P, each its source repeated up to a multiple of v bytes.
    const std::size_t s_len = salt.empty() ? 0 : round_up(salt.size(), v);
    const std::size_t p_len = password.empty() ? 0 : round_up(password.size(), v);
    Botan::secure_vector<std::uint8_t> input(s_len + p_len);
    if (s_len > 0) {
        fill_repeated(std::span(input).first(s_len), salt);
    }
    if (p_len > 0) {
        fill_repeated(std::span(input).subspan(s_len), password);
    }
    const Botan::secure_vector<std::uint8_t> diversifier(v, static_cast<std::uint8_t>(purpose));

    Botan::secure_vector<std::uint8_t> out;
    out.reserve(length + u);
    Botan::secure_vector<std::uint8_t> a(u);
    Botan::secure_vector<std::uint8_t> b(v);
    while (out.size() < length) {
        hash->update(diversifier);
        hash->update(input);
        hash->final(a.data());
        for (std::size_t r = 1; r < iterations; ++r) {
            hash->update(a);
            hash->final(a.data());
        }
        out.insert(out.end(), a.begin(), a.end());
        if (out.size() >= length) {
            break;
        }
        // Each v-byte block of I becomes (I_j + B + 1) mod 2^(8v).
        fill_repeated(b, a);
        for (std::size_t j = 0; j < input.size(); j += v) {
            unsigned carry = 1;
            for (std::size_t k = v; k-- > 0;) {
                carry += static_cast<unsigned>(input[j + k]) + b[k];
                input[j + k] = static_cast<std::uint8_t>(carry & 0xFF);
                carry >>= 8;
            }
        }
    }
    out.resize(length);
    return out;
}

Botan::secure_vector<std::uint8_t> hmac(
    const std::string& hash, std::span<const std::uint8_t> key, std::span<const std::uint8_t> data)
{
    if (auto mac = Botan::MessageAuthenticationCode::create("HMAC(" + hash + ")")) {
        mac->set_key(key.data(), key.size());
        mac->update(data.data(), data.size());
        return mac->final();
    }
    // HMAC (RFC 2104) over a hash Botan lacks: H(K ^ opad || H(K ^ ipad || data)).
    auto h = make_hash(hash);
    if (!h) {
        throw InputError("HMAC with " + hash + " is not supported by this build's Botan");
    }
    const std::size_t block = h->hash_block_size();
    Botan::secure_vector<std::uint8_t> k(key.begin(), key.end());
    if (k.size() > block) {
        h->update(k);
        k = h->final();
    }
    k.resize(block, 0x00);
    Botan::secure_vector<std::uint8_t> pad(block);
    for (std::size_t i = 0; i < block; ++i) {
        pad[i] = k[i] ^ 0x36;
    }
    h->update(pad);
    h->update(data.data(), data.size());
    const auto inner = h->final();
    for (std::size_t i = 0; i < block; ++i) {
        pad[i] = k[i] ^ 0x5C;
    }
    h->update(pad);
    h->update(inner);
    return h->final();
}

Botan::secure_vector<std::uint8_t> mac(const std::string& hash, const Password& password,
    std::span<const std::uint8_t> salt, std::size_t iterations, std::span<const std::uint8_t> data)
{
    auto h = make_hash(hash);
    if (!h) {
        throw InputError("the MAC digest " + hash + " is not supported by this build's Botan");
    }
    const auto key = derive(hash, KdfPurpose::mac, bmp_password(password), salt, iterations, h->output_length());
    return hmac(hash, key, data);
}

} // namespace pkitool::pkcs12
