// OpenSSL as the peer on field input: every single-object certificate, CSR
// and key file under tests/data that `openssl x509`, `openssl req` or
// `openssl pkey` reads must get a verdict from pkitool (inspect exit 0, lint
// exit 0 or 1), never a refusal. Multi-object files with a broken member are
// judged by tests/data/lenient/expected.txt instead.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace pkitool {
namespace {

using test::data_path;
using test::pkitool;
using test::run;

std::size_t pem_blocks(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t n = 0;
    for (std::size_t at = text.find("-----BEGIN"); at != std::string::npos; at = text.find("-----BEGIN", at + 1)) {
        ++n;
    }
    return n;
}

// "x509", "req" or "pkey" when OpenSSL reads the file as that, else "".
std::string openssl_reads(const std::string& path)
{
    const std::string pw = "file:" + data_path("keys/password.txt");
    for (const char* command : {"x509", "req", "pkey"}) {
        for (const char* form : {"PEM", "DER"}) {
            if (run({"openssl", command, "-in", path, "-inform", form, "-noout", "-passin", pw}).exit_code == 0) {
                return command;
            }
        }
    }
    return {};
}

TEST(LenientInterop, WhatOpensslReadsPkitoolJudges)
{
    const std::vector<std::string> suffixes = {".pem", ".der", ".crt", ".cer", ".csr", ".key", ".p7b", ".p7c"};
    std::size_t read_by_openssl = 0;
    std::size_t judged_by_pkitool = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_path(""))) {
        const auto& p = entry.path();
        if (!entry.is_regular_file()
            || std::find(suffixes.begin(), suffixes.end(), p.extension().string()) == suffixes.end()
            || pem_blocks(p) > 1) {
            continue;
        }
        const auto kind = openssl_reads(p.string());
        if (kind.empty()) {
            continue;
        }
        ++read_by_openssl;
        const auto inspect = pkitool({"inspect", "--pass-file", data_path("keys/password.txt"), p.string()});
        const auto lint
            = pkitool({"lint", "--at", "2026-06-01", "--pass-file", data_path("keys/password.txt"), p.string()});
        EXPECT_EQ(inspect.exit_code, 0) << kind << " " << p << ": " << inspect.err;
        EXPECT_TRUE(lint.exit_code == 0 || lint.exit_code == 1) << kind << " " << p << ": " << lint.err;
        if (inspect.exit_code == 0 && (lint.exit_code == 0 || lint.exit_code == 1)) {
            ++judged_by_pkitool;
        }
    }
    std::cout << "openssl reads " << read_by_openssl << " files; pkitool judges " << judged_by_pkitool << '\n';
    EXPECT_GE(read_by_openssl, 50U);
    EXPECT_EQ(judged_by_pkitool, read_by_openssl);
}

} // namespace
} // namespace pkitool
