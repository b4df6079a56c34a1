#include "pkitool/util/json.hpp"

#include "pkitool/error.hpp"

#include <cstdlib>

namespace pkitool::util {

const Json* Json::find(std::string_view key) const
{
    if (kind != Kind::object) {
        return nullptr;
    }
    for (const auto& member : array) {
        if (member.key == key) {
            return &member;
        }
    }
    return nullptr;
}

std::string Json::text(std::string_view key) const
{
    const Json* v = find(key);
    return v != nullptr && v->kind == Kind::string ? v->string : std::string();
}

namespace {

constexpr int k_max_depth = 64;

class Parser {
public:
    Parser(std::string_view text, const std::string& name) : text_(text), name_(name) { }

    Json document()
    {
        Json v = value(0);
        space();
        if (at_ < text_.size()) {
            fail("text after the JSON value");
        }
        return v;
    }

private:
    std::string_view text_;
    const std::string& name_;
    std::size_t at_ = 0;

    [[noreturn]] void fail(const std::string& what) const
    {
        throw InputError(name_ + ": byte " + std::to_string(at_) + ": " + what);
    }

    void space()
    {
        while (at_ < text_.size()
            && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
            ++at_;
        }
    }

    char peek()
    {
        space();
        if (at_ >= text_.size()) {
            fail("the text ends where a value or delimiter is expected");
        }
        return text_[at_];
    }

    void expect(char c)
    {
        if (peek() != c) {
            fail(std::string("expected '") + c + "'");
        }
        ++at_;
    }

    void literal(std::string_view word)
    {
        if (text_.substr(at_, word.size()) != word) {
            fail("expected a JSON value");
        }
        at_ += word.size();
    }

    Json value(int depth)
    {
        if (depth > k_max_depth) {
            fail("nested deeper than " + std::to_string(k_max_depth) + " levels");
        }
        Json v;
        const char c = peek();
        if (c == '{') {
            v.kind = Json::Kind::object;
            ++at_;
            if (peek() == '}') {
                ++at_;
                return v;
            }
            while (true) {
                if (peek() != '"') {
                    fail("expected a member name (a string)");
                }
                std::string key = string();
                expect(':');
                v.array.push_back(value(depth + 1));
                v.array.back().key = std::move(key);
                if (peek() == ',') {
                    ++at_;
                    continue;
                }
                expect('}');
                return v;
            }
        }
        if (c == '[') {
            v.kind = Json::Kind::array;
            ++at_;
            if (peek() == ']') {
                ++at_;
                return v;
            }
            while (true) {
                v.array.push_back(value(depth + 1));
                if (peek() == ',') {
                    ++at_;
                    continue;
                }
                expect(']');
                return v;
            }
        }
        if (c == '"') {
            v.kind = Json::Kind::string;
            v.string = string();
            return v;
        }
        if (c == 't' || c == 'f') {
            v.kind = Json::Kind::boolean;
            v.boolean = c == 't';
            literal(v.boolean ? "true" : "false");
            return v;
        }
        if (c == 'n') {
            literal("null");
            return v;
        }
        v.kind = Json::Kind::number;
        v.number = number();
        return v;
    }

    double number()
    {
        const std::size_t start = at_;
        const auto digits = [&] {
            const std::size_t from = at_;
            while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
                ++at_;
            }
            return at_ - from;
        };
        if (at_ < text_.size() && text_[at_] == '-') {
            ++at_;
        }
        const std::size_t first = at_;
        if (digits() == 0 || (text_[first] == '0' && at_ - first > 1)) {
            fail("expected a JSON value");
        }
        if (at_ < text_.size() && text_[at_] == '.') {
            ++at_;
            if (digits() == 0) {
                fail("expected digits after the decimal point");
            }
        }
        if (at_ < text_.size() && (text_[at_] == 'e' || text_[at_] == 'E')) {
            ++at_;
            if (at_ < text_.size() && (text_[at_] == '+' || text_[at_] == '-')) {
                ++at_;
            }
            if (digits() == 0) {
                fail("expected digits in the exponent");
            }
        }
        return std::strtod(std::string(text_.substr(start, at_ - start)).c_str(), nullptr);
    }

    unsigned hex4()
    {
        if (at_ + 4 > text_.size()) {
            fail("a \\u escape needs four hex digits");
        }
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[at_++];
            v <<= 4U;
            if (c >= '0' && c <= '9') {
                v |= static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                v |= static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                v |= static_cast<unsigned>(c - 'A' + 10);
            } else {
                fail("a \\u escape needs four hex digits");
            }
        }
        return v;
    }

    static void utf8(std::string& out, unsigned cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6U));
            out += static_cast<char>(0x80 | (cp & 0x3FU));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12U));
            out += static_cast<char>(0x80 | ((cp >> 6U) & 0x3FU));
            out += static_cast<char>(0x80 | (cp & 0x3FU));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18U));
            out += static_cast<char>(0x80 | ((cp >> 12U) & 0x3FU));
            out += static_cast<char>(0x80 | ((cp >> 6U) & 0x3FU));
            out += static_cast<char>(0x80 | (cp & 0x3FU));
        }
    }

    std::string string()
    {
        ++at_; // the opening quote
        std::string out;
        while (true) {
            if (at_ >= text_.size()) {
                fail("the string is not closed");
            }
            const char c = text_[at_++];
            if (c == '"') {
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("a control character inside a string must be escaped");
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ >= text_.size()) {
                fail("the string is not closed");
            }
            const char e = text_[at_++];
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned cp = hex4();
                if (cp >= 0xD800 && cp < 0xDC00) {
                    if (text_.substr(at_, 2) != "\\u") {
                        fail("a high surrogate without its low surrogate");
                    }
                    at_ += 2;
                    const unsigned low = hex4();
                    if (low < 0xDC00 || low >= 0xE000) {
                        fail("a high surrogate without its low surrogate");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10U) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp < 0xE000) {
                    fail("a low surrogate without its high surrogate");
                }
                utf8(out, cp);
                break;
            }
            default: fail(std::string("unknown escape \\") + e);
            }
        }
    }
};

} // namespace

Json parse_json(std::string_view text, const std::string& name)
{
    return Parser(text, name).document();
}

} // namespace pkitool::util
