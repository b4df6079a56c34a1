// The CSRs pkitool writes, read by OpenSSL: the signatures verify, the keys
// decrypt, and an OpenSSL CA that copies the requested extensions issues
// certificates that pass `pkitool lint --type` for their type.
#include "paths.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace pkitool {
namespace {

using test::contains;
using test::jq;

struct Ca {
    explicit Ca(const test::TempDir& dir)
    {
        std::filesystem::create_directories(dir / "ca");
        dir.write("ca/index.txt", "");
        dir.write("ca/serial", "2000\n");
        config = dir.write("ca.cnf",
            "[ ca ]\ndefault_ca = c\n[ c ]\ndir = " + (dir / "ca").string()
                + "\ndatabase = $dir/index.txt\nserial = $dir/serial\nnew_certs_dir = $dir\ndefault_md = sha256\n"
                  "policy = p\nunique_subject = no\ncopy_extensions = copy\n[ p ]\ncountryName = optional\n"
                  "stateOrProvinceName = optional\nlocalityName = optional\norganizationName = optional\n"
                  "organizationalUnitName = optional\ncommonName = supplied\n[ leaf ]\n"
                  "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n");
    }
    std::string config;
};

TEST(CsrInterop, OpensslVerifiesSignsAndDecrypts)
{
    test::TempDir dir;
    const auto pw = dir.write("pw", "correct horse\n");
    const auto out = (dir / "csrs").string();
    // Encrypted keys for one node (PBKDF2 with 600000 iterations is slow on purpose), all types.
    const auto made
        = test::pkitool({"csr", "--cluster", std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml",
            "--all", "--out-dir", out, "--no-encrypt", "--insecure"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto encrypted = test::pkitool(
        {"csr", "--cluster", std::string(PKITOOL_SOURCE_ROOT) + "/profiles/examples/cluster.toml", "--type",
            "CallManager-ECDSA", "--node", "cucm-sub2", "--out-dir", (dir / "enc").string(), "--pass-file", pw});
    ASSERT_EQ(encrypted.exit_code, 0) << encrypted.err;
    const auto decrypted
        = test::run({"openssl", "pkey", "-in", (dir / "enc" / "cucm-sub2-CallManager-ECDSA.key").string(), "-passin",
            "pass:correct horse", "-noout", "-text"});
    EXPECT_EQ(decrypted.exit_code, 0) << decrypted.err;
    EXPECT_TRUE(contains(decrypted.out, "NIST CURVE: P-256"));

    Ca ca(dir);
    const std::string root_cert = test::data_path("pki/root-ca.pem");
    const std::string root_key = test::data_path("pki/root-ca.key");
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
        if (entry.path().extension() != ".csr") {
            continue;
        }
        const std::string csr = entry.path().string();
        const auto verify = test::run({"openssl", "req", "-in", csr, "-noout", "-verify"});
        EXPECT_EQ(verify.exit_code, 0) << csr << verify.err;
        EXPECT_TRUE(contains(verify.err + verify.out, "verify OK")) << csr;

        const std::string cert = (dir / (entry.path().stem().string() + ".pem")).string();
        const auto sign = test::run({"openssl", "ca", "-batch", "-notext", "-config", ca.config, "-cert", root_cert,
            "-keyfile", root_key, "-extensions", "leaf", "-startdate", "20260101000000Z", "-enddate", "20280101000000Z",
            "-in", csr, "-out", cert});
        ASSERT_EQ(sign.exit_code, 0) << csr << sign.err;

        // The type is the part of the name after the node: cucm-pub-ms-tomcat, imp-sub1-cup-xmpp-ECDSA.
        const auto manifest = test::run({"jq", "-r",
            ".requests[] | select(.csr_file == \"" + entry.path().filename().string()
                + "\") | .product + \"/\" + .type",
            (std::filesystem::path(out) / "csr-manifest.json").string()});
        std::string type = manifest.out.substr(0, manifest.out.find('\n'));
        const auto lint = test::pkitool({"lint", "--at", "2027-01-01", "--type", type, cert});
        EXPECT_EQ(lint.exit_code, 0) << type << "\n" << lint.out << lint.err;
        EXPECT_FALSE(contains(lint.out, "error ")) << type << lint.out;
        // The whole response, against the request it answers.
        const auto validated = test::pkitool(
            {"--json", "validate", "--at", "2027-01-01", "--type", type, "--csr", csr, "--trust", root_cert, cert});
        EXPECT_EQ(validated.exit_code, 0) << type << "\n" << validated.out << validated.err;
        EXPECT_EQ(jq(validated.out, ".plan[-1].purpose"), type.substr(type.find('/') + 1)) << type;
        ++checked;
    }
    EXPECT_EQ(checked, 33);
}

} // namespace
} // namespace pkitool
